using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>
/// What would fail on its way to a recipient, after the sender heard "accepted", is refused at intake (300, with its
/// path): text XML 1.0 cannot carry — any message may reach an XML partner — and a distribution id that cannot travel in
/// a transport header. Found by a hostile partner: such a message held its incident queue for 103 s, then vanished.
/// </summary>
[TestClass]
public sealed class When_a_message_holds_what_a_recipient_cannot_be_sent
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Corg = "fr.gendarmerie.corg35";
    private const string CallerFreetext = "$.content[0].jsonContent.embeddedJsonContent.message.createCase.initialAlert.caller.freetext";
    private const string LocationLabel = "$.content[0].jsonContent.embeddedJsonContent.message.createCase.location.locLabel";

    private readonly RecordingQueue _queue = new();

    private MessageIntake Intake() => new(_queue, TestLinks.Formats, new FakeTimeProvider(PartnerMessages.Morning), new KnownSenders(
    [
        IntakePartner.Of(Sdis),
        IntakePartner.Of(Corg, PartnerKind.Corg, "cisu-xml"),
    ]));

    /// <summary>The fire case as JSON text, edited as a partner's software could write it.</summary>
    private static byte[] Case(Func<string, string> edit, string sender = Sdis, string? distributionId = null) =>
        Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(PartnerMessages.Bytes(PartnerMessages.FireCase, sender, distributionId ?? $"{sender}_TEXT-1", PartnerMessages.Morning))));

    private Task<IntakeVerdict> ReceiveAsync(byte[] body, string? authenticated = null) =>
        Intake().ReceiveAsync(new InboundMessage(body, "application/json", "test", authenticated), CancellationToken.None);

    [TestMethod]
    public async Task A_NUL_and_a_noncharacter_are_refused_300_each_with_its_path()
    {
        var body = Case(json => json.Replace("Voisine", "Voi\\u0000sine").Replace("Maison pavillonaire", "Maison\uFFFEpavillonaire"));

        var refused = AssertRefused(await ReceiveAsync(body));

        CollectionAssert.AreEquivalent(new[] { CallerFreetext, LocationLabel }, refused.Rejection.Problems.Select(p => p.Path).ToArray());
        Assert.IsTrue(refused.Rejection.Problems.All(p => p.Code == HubErrorCode.InvalidMessage));
        StringAssert.StartsWith(refused.Rejection.Problems.Single(p => p.Path == CallerFreetext).Message, "U+0000 cannot be sent");
        StringAssert.StartsWith(refused.Rejection.Problems.Single(p => p.Path == LocationLabel).Message, "U+FFFE cannot be sent");
    }

    [TestMethod]
    public async Task A_partner_that_reads_XML_is_told_of_a_refusal_that_quotes_a_control_character()
    {
        // The schema refuses the unknown member, quoting its name: the reply quotes it printable (to the partner the
        // channel authenticated, as the message could not be read).
        var body = Case(json => json.Replace("\"freetext\": \"Voisine\"", "\"free\\u0001text\": \"Voisine\""), sender: Corg);

        var refused = AssertRefused(await ReceiveAsync(body, authenticated: Corg));

        StringAssert.Contains(refused.Rejection.Message, "free\u0001text");
        Assert.AreEqual((Corg, "application/xml"), (refused.Reply!.PartnerId, refused.Reply.ContentType));
        StringAssert.Contains(Encoding.UTF8.GetString(refused.Reply.Body), "free?text");
    }

    [TestMethod]
    public async Task Accents_tabs_line_breaks_and_characters_beyond_the_basic_plane_are_accepted()
    {
        var body = Case(json => json.Replace("Voisine", "Voisine\\tdu 2ᵉ,\\nnée à Noël 🚒"));

        Assert.IsInstanceOfType<IntakeVerdict.Accepted>(await ReceiveAsync(body));
    }

    [TestMethod]
    [DataRow("fr.fire.sdis35_TEXT 1", DisplayName = "a space")]
    [DataRow("fr.fire.sdis35_TÉXT-1", DisplayName = "a letter beyond ASCII")]
    [DataRow("fr.fire.sdis35_TEXT\r\nX-Injected: 1", DisplayName = "a line break")]
    public async Task A_distribution_id_that_cannot_travel_in_a_header_is_refused_300(string distributionId)
    {
        var refused = AssertRefused(await ReceiveAsync(Case(json => json, distributionId: distributionId)));

        Assert.AreEqual("$.distributionID", refused.Rejection.Problems.Single().Path);
        Assert.AreEqual(Sdis, refused.Reply!.PartnerId, "the sender is told");
    }

    [TestMethod]
    public async Task A_partner_that_reads_XML_is_told_even_when_the_id_it_sent_holds_a_NUL()
    {
        var body = Case(json => json.Replace($"{Corg}_TEXT-1", $"{Corg}_TEXT\\u0000-1"), sender: Corg);

        var refused = AssertRefused(await ReceiveAsync(body));

        Assert.AreEqual((Corg, "application/xml"), (refused.Reply!.PartnerId, refused.Reply.ContentType));
        StringAssert.Contains(Encoding.UTF8.GetString(refused.Reply.Body), $"<referencedDistributionID>{Corg}_TEXT?-1</referencedDistributionID>");
    }

    private IntakeVerdict.Refused AssertRefused(IntakeVerdict verdict) => _queue.AssertRefused(verdict, HubErrorCode.InvalidMessage);
}
