using System.Net;
using MCIC2.Interop.HubHost.Operators;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace MCIC2.Interop.Tests.Host.Operators;

/// <summary>The embedded default (no operator key configured): the API works without tokens and says so every time.</summary>
[TestClass]
public sealed class When_the_operators_API_runs_in_development_mode
{
    [TestMethod]
    public async Task Every_answer_says_so_and_actions_are_audited_as_the_development_operator()
    {
        await using var hub = await HubUnderTest.StartAsync();

        using var incidents = await hub.Http.GetAsync(new Uri("/api/incidents", UriKind.Relative));
        using var replay = await hub.Http.PostAsync(new Uri("/api/dead-letters/42/replay", UriKind.Relative), null);
        using var audit = await hub.Http.GetAsync(new Uri("/api/audit", UriKind.Relative));
        using var health = await hub.Http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.AreEqual(HttpStatusCode.OK, incidents.StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, replay.StatusCode, "allowed (an administrator), but there is no such dead letter");
        foreach (var answer in new[] { incidents, replay, audit })
            StringAssert.StartsWith(answer.Headers.GetValues(OperatorAccess.DevelopmentModeHeader).Single(), "operators are not authenticated");
        Assert.IsFalse(health.Headers.Contains(OperatorAccess.DevelopmentModeHeader), "the partners' endpoints are not the operators'");
        StringAssert.Contains(await audit.Content.ReadAsStringAsync(), $"\"actor\": \"{OperatorSettings.DevelopmentSubject}\"");
    }

    [TestMethod]
    public void A_signing_key_too_short_for_HS256_is_refused_with_its_setting()
    {
        var refused = Assert.ThrowsExactly<InvalidOperationException>(() => OperatorSettings.From(
            new ConfigurationBuilder().AddInMemoryCollection([new KeyValuePair<string, string?>("Hub:Operators:SigningKey", "short")]).Build()));

        Assert.AreEqual("Hub:Operators:SigningKey has 5 bytes: an HS256 key needs at least 32", refused.Message);
    }
}
