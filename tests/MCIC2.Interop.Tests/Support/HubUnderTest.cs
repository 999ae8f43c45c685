using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Simulators.RecordingPartner;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Support;

/// <summary>
/// The real hub (embedded profile, its own data directory) whose partners are all one recording partner: the
/// shipped rules are copied and their endpoints pointed at the recorder.
/// </summary>
public sealed class HubUnderTest : IAsyncDisposable
{
    private readonly TempDirectory _directory;

    private HubUnderTest(WebApplication app, RecordingPartner partners, TempDirectory directory)
    {
        App = app;
        Partners = partners;
        _directory = directory;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }
    public RecordingPartner Partners { get; }
    public string Directory => _directory.Path;
    public HttpClient Http { get; }

    public static Task<HubUnderTest> StartAsync(Action<IServiceCollection>? overrides = null, params string[] settings) =>
        StartAsync(overrides, editRules: null, settings);

    /// <summary>A hub whose rules file (the shipped rules on the recorder) is first rewritten by <paramref name="editRules"/>.</summary>
    public static Task<HubUnderTest> StartWithRulesAsync(Func<string, string> editRules, params string[] settings) =>
        StartAsync(overrides: null, editRules, settings);

    /// <summary>The same, with <paramref name="overrides"/> applied to the hub's services.</summary>
    public static Task<HubUnderTest> StartWithRulesAsync(Func<string, string> editRules, Action<IServiceCollection> overrides, params string[] settings) =>
        StartAsync(overrides, editRules, settings);

    private static async Task<HubUnderTest> StartAsync(Action<IServiceCollection>? overrides, Func<string, string>? editRules, string[] settings)
    {
        var directory = new TempDirectory("mcic2-hub-");
        var partners = await RecordingPartner.StartAsync();
        var rules = WriteRules(directory.Path, partners.BaseAddress);
        if (editRules is not null) File.WriteAllText(rules, editRules(File.ReadAllText(rules)));
        var app = HubHostBuilder.Build(
            ["--urls", "http://127.0.0.1:0", "--Hub:DataDirectory", Path.Combine(directory.Path, "data"), "--Hub:Rules", rules, "--Hub:DrainTimeout", "00:00:01", .. TestClock.HubSettings, .. settings],
            overrides);
        await app.StartAsync();
        return new HubUnderTest(app, partners, directory);
    }

    /// <summary>The shipped rules with every partner endpoint (and backup) on the recorder.</summary>
    public static string WriteRules(string directory, Uri recorder) =>
        RuleSetLoader.CopyDefaultTo(Path.Combine(directory, "rules"), recorder);

    public Task<HttpResponseMessage> PostAsync(byte[] message) =>
        Http.PostAsync(new Uri("/messages", UriKind.Relative), new ByteArrayContent(message));

    /// <summary>Posts a JSON message as a partner does: with its bearer token, if any, through its own
    /// <paramref name="client"/> (one presenting its certificate) or the hub's; returns the status and the answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> PostAsPartnerAsync(byte[] message, string? token = null, HttpClient? client = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Http.BaseAddress!, "/messages")) { Content = new ByteArrayContent(message) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await (client ?? Http).SendAsync(request, cancellationToken);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!);
    }

    /// <summary>Waits until <paramref name="done"/> holds for what the partners received (bounded; no fixed sleeps).</summary>
    public async Task<Ledger> WaitForAsync(Func<Ledger, bool> done, TimeSpan? timeout = null)
    {
        Ledger ledger = null!;
        if (!await Poll.UntilAsync(() => done(ledger = Partners.Ledger()), timeout ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50)))
            Assert.Fail($"partners did not receive what was expected in time; received: {string.Join(", ", ledger.Distinct.Select(r => $"{r.PartnerId}:{r.DeliveryId}"))}");
        return ledger;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
        await Partners.DisposeAsync();
        _directory.Dispose();
    }
}
