using System.Net;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host;

/// <summary>
/// <c>POST /messages</c> with the rules giving the SDIS 35 a token (its SHA-256): the hub takes its messages only with
/// that bearer token, and a message sent with it in another partner's name is refused 200 SENDER_INCONSISTENCY.
/// </summary>
[TestClass]
public sealed class When_a_partner_authenticates_over_HTTP
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Token = "sdis35-test-token";

    private static Task<HubUnderTest> HubWithTokenAsync() =>
        HubUnderTest.StartWithRulesAsync(rules => PartnerCredentials.WithToken(rules, Sdis, Token));

    private static byte[] Case(string sender, string id) => PartnerMessages.Bytes(PartnerMessages.FireCase, sender, id, TestClock.Now());

    [TestMethod]
    public async Task Its_messages_are_taken_with_its_token_only()
    {
        await using var hub = await HubWithTokenAsync();

        var without = await hub.PostAsPartnerAsync(Case(Sdis, $"{Sdis}_AUTH-1"), token: null);
        var wrong = await hub.PostAsPartnerAsync(Case(Sdis, $"{Sdis}_AUTH-2"), token: "guessed");
        var right = await hub.PostAsPartnerAsync(Case(Sdis, $"{Sdis}_AUTH-3"), Token);

        Assert.AreEqual((HttpStatusCode.BadRequest, 200), (without.Status, without.Body["code"]!.GetValue<int>()), without.Body.ToJsonString());
        Assert.AreEqual((HttpStatusCode.BadRequest, 200), (wrong.Status, wrong.Body["code"]!.GetValue<int>()), wrong.Body.ToJsonString());
        Assert.AreEqual(HttpStatusCode.Accepted, right.Status, right.Body.ToJsonString());
    }

    [TestMethod]
    public async Task Its_token_does_not_let_it_send_as_another_partner()
    {
        await using var hub = await HubWithTokenAsync();

        var (status, body) = await hub.PostAsPartnerAsync(Case(Samu, $"{Samu}_AUTH-4"), Token);

        Assert.AreEqual((HttpStatusCode.BadRequest, 200), (status, body["code"]!.GetValue<int>()));
        StringAssert.Contains(body["problems"]![0]!["message"]!.GetValue<string>(), $"authenticated as '{Sdis}'");
    }
}
