using System.Net;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host.Operators;

/// <summary>A partner reads nothing but what is delivered to it: its own credentials (the bearer token the rules know
/// it by) open no door of the operators' API, where every incident is. (Over AMQP, a client reads its own queues only:
/// Adapters/HubEx/When_the_hub_provisions_its_hubex.)</summary>
[TestClass]
public sealed class When_a_partner_tries_the_operators_API
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Token = "sdis35-partner-token";

    [TestMethod]
    public async Task Its_partner_token_is_refused_401_everywhere_under_api()
    {
        await using var hub = await HubUnderTest.StartWithRulesAsync(rules => PartnerCredentials.WithToken(rules, Sdis, Token), OperatorTokens.HubSettings);
        var posted = await hub.PostAsPartnerAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, $"{Sdis}_API-1", TestClock.Now()), token: Token);
        Assert.AreEqual(HttpStatusCode.Accepted, posted.Status, "the token is good for what a partner does: sending");

        foreach (var path in new[] { "/api/incidents", "/api/dead-letters", "/api/partners", "/api/audit", "/api/rules", "/api/messages/fr.fire.sdis35_API-1/body" })
        {
            using var response = await hub.Http.SendAsync(OperatorTokens.Request(HttpMethod.Get, path, Token));
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, path);
        }
    }
}
