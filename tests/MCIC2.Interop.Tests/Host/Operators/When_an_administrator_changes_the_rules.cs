using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.HubHost.Operators;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Host.Operators;

/// <summary><c>/api/rules</c>: only an administrator reads or changes the rules; a bad file is refused with its
/// paths and changes nothing; a good one is applied at once and audited with its author.</summary>
[TestClass]
public sealed class When_an_administrator_changes_the_rules
{
    [TestMethod]
    public async Task A_checked_file_replaces_the_rules_a_broken_one_changes_nothing_and_only_an_administrator_may()
    {
        await using var hub = await HubUnderTest.StartAsync(null, OperatorTokens.HubSettings);
        var provider = hub.App.Services.GetRequiredService<RoutingRulesProvider>();
        var admin = OperatorTokens.For("ada", OperatorRoles.Administrator);
        var operatorToken = OperatorTokens.For("olivia", OperatorRoles.Operator);

        Assert.AreEqual(HttpStatusCode.Forbidden, (await SendAsync(hub, HttpMethod.Get, "/api/rules", operatorToken)).Status);
        var read = await SendAsync(hub, HttpMethod.Get, "/api/rules", admin);
        Assert.AreEqual(HttpStatusCode.OK, read.Status, read.Text);
        var rules = (string)JsonNode.Parse(read.Text)!["rules"]!;
        var versionBefore = provider.Version;

        var byOperator = await SendAsync(hub, HttpMethod.Put, "/api/rules", operatorToken, rules.Replace("SDIS Ille-et-Vilaine", "SDIS 35 (renamed)", StringComparison.Ordinal));
        Assert.AreEqual(HttpStatusCode.Forbidden, byOperator.Status);

        var broken = await SendAsync(hub, HttpMethod.Put, "/api/rules", admin, ReplaceFirst(rules, "\"channel\": \"http\"", "\"channel\": \"pigeon\""));
        Assert.AreEqual(HttpStatusCode.BadRequest, broken.Status, broken.Text);
        StringAssert.Contains(broken.Text, "rules.json:$.partners[0].channel");
        StringAssert.Contains(broken.Text, "pigeon");
        Assert.AreEqual(versionBefore, provider.Version);
        Assert.AreEqual(rules, File.ReadAllText(provider.Source), "a refused file changes nothing on disk");

        var renamed = rules.Replace("SDIS Ille-et-Vilaine", "SDIS 35 (renamed)", StringComparison.Ordinal).Replace($"\"version\": \"{versionBefore}\"", "\"version\": \"2026-12-02.admin\"", StringComparison.Ordinal);
        var applied = await SendAsync(hub, HttpMethod.Put, "/api/rules", admin, renamed);
        Assert.AreEqual(HttpStatusCode.OK, applied.Status, applied.Text);
        Assert.AreEqual("2026-12-02.admin", provider.Version);
        var partners = await SendAsync(hub, HttpMethod.Get, "/api/partners", operatorToken);
        StringAssert.Contains(partners.Text, "SDIS 35 (renamed)");
        Assert.AreEqual(rules, File.ReadAllText(provider.Source + ".previous"), "the rules in force before are kept beside");

        var audit = await SendAsync(hub, HttpMethod.Get, "/api/audit?by=ada", admin);
        StringAssert.Contains(audit.Text, "rules.changed");
        StringAssert.Contains(audit.Text, "rules.read");
    }

    [TestMethod]
    public async Task A_hub_on_its_shipped_rules_says_how_to_make_them_editable()
    {
        using var directory = new TempDirectory("mcic2-rules-");
        var app = MCIC2.Interop.HubHost.HubHostBuilder.Build(["--urls", "http://127.0.0.1:0", "--Hub:DataDirectory", directory.Path, .. TestClock.HubSettings]);
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            using var response = await http.PutAsync(new Uri("/api/rules", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"));
            Assert.AreEqual(HttpStatusCode.Conflict, response.StatusCode);
            StringAssert.Contains(await response.Content.ReadAsStringAsync(), "--Hub:Rules FILE");
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return text[..at] + with + text[(at + what.Length)..];
    }

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HubUnderTest hub, HttpMethod method, string path, string token, string? body = null)
    {
        using var request = OperatorTokens.Request(method, path, token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await hub.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
