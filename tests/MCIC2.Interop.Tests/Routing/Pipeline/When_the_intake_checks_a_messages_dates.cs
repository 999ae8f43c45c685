using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>
/// Issue 7, point 5: a sending time (<c>dateTimeSent</c>, RC-DE <c>sentAt</c>) far from the hub's clock and an expiry
/// absurdly far ahead are refused 300 at their path (<c>Hub:Intake:MaxClockSkew</c>, 1 day; <c>Hub:Intake:MaxExpiry</c>,
/// 365 days). The hub's time is a fake clock at <see cref="PartnerMessages.Morning"/>; every date is set from it.
/// </summary>
[TestClass]
public sealed class When_the_intake_checks_a_messages_dates
{
    private const string Sdis = "fr.fire.sdis35";
    private const string HeaderSentAt = "$.content[0].jsonContent.embeddedJsonContent.message.sentAt";
    private static readonly DateTimeOffset Now = PartnerMessages.Morning;

    private readonly RecordingQueue _queue = new();

    private MessageIntake Intake(IntakeOptions? options = null) =>
        new(_queue, TestLinks.Formats, new FakeTimeProvider(Now), new KnownSenders([Partner]), options);

    private static readonly Partner Partner = IntakePartner.Of(Sdis);

    /// <summary>The fire case with these times (the header's sending time is the envelope's unless given).</summary>
    private static InboundMessage Case(DateTimeOffset sentAt, DateTimeOffset? expiresAt = null, DateTimeOffset? headerSentAt = null)
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Sdis, $"{Sdis}_DATES-1", sentAt);
        message.Distribution!.ExpiresAt = expiresAt ?? Now.AddHours(1);
        message.Distribution.Header!.SentAt = headerSentAt ?? sentAt;
        return new InboundMessage(CisuCodec.Shared.Encode(message, CisuEncoding.Json), "application/json", "test", Sdis);
    }

    [TestMethod]
    [DataRow(-23.9, DisplayName = "sent a day ago, less a few minutes")]
    [DataRow(23.9, DisplayName = "sent a day ahead, less a few minutes")]
    [DataRow(0.0, DisplayName = "sent now")]
    public async Task A_message_sent_within_a_day_of_the_hubs_clock_is_accepted(double hours)
    {
        var verdict = await Intake().ReceiveAsync(Case(Now.AddHours(hours), expiresAt: Now.AddDays(2)), CancellationToken.None);

        Assert.IsInstanceOfType<IntakeVerdict.Accepted>(verdict, (verdict as IntakeVerdict.Refused)?.Rejection.Message);
    }

    [TestMethod]
    [DataRow(-25.0, DisplayName = "sent a day and an hour ago")]
    [DataRow(25.0, DisplayName = "sent a day and an hour ahead")]
    public async Task A_message_sent_further_from_the_hubs_clock_is_refused_300_at_both_sending_times(double hours)
    {
        var verdict = await Intake().ReceiveAsync(Case(Now.AddHours(hours), expiresAt: Now.AddDays(2)), CancellationToken.None);

        var refused = AssertRefused(verdict, HubErrorCode.InvalidMessage);
        CollectionAssert.AreEqual(new[] { "$.dateTimeSent", HeaderSentAt }, refused.Problems.Select(p => p.Path).ToArray());
    }

    [TestMethod]
    public async Task Year_0001_and_year_9999_are_refused_300()
    {
        var ancient = await Intake().ReceiveAsync(Case(new DateTimeOffset(1, 1, 2, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
        var future = await Intake().ReceiveAsync(Case(new DateTimeOffset(9999, 12, 30, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);

        Assert.AreEqual("$.dateTimeSent", AssertRefused(ancient, HubErrorCode.InvalidMessage).Problems[0].Path);
        Assert.AreEqual("$.dateTimeSent", AssertRefused(future, HubErrorCode.InvalidMessage).Problems[0].Path);
    }

    [TestMethod]
    public async Task A_header_sending_time_alone_far_off_is_refused_at_its_path()
    {
        var verdict = await Intake().ReceiveAsync(Case(Now, headerSentAt: Now.AddDays(-30)), CancellationToken.None);

        Assert.AreEqual(HeaderSentAt, AssertRefused(verdict, HubErrorCode.InvalidMessage).Problems.Single().Path);
    }

    [TestMethod]
    public async Task The_skew_allowed_is_the_one_configured()
    {
        var verdict = await Intake(new IntakeOptions { MaxClockSkew = TimeSpan.FromDays(3) })
            .ReceiveAsync(Case(Now.AddDays(-2), expiresAt: Now.AddDays(1)), CancellationToken.None);

        Assert.IsInstanceOfType<IntakeVerdict.Accepted>(verdict);
    }

    [TestMethod]
    public async Task An_expiry_more_than_a_year_ahead_is_refused_300_and_one_within_is_accepted()
    {
        var far = await Intake().ReceiveAsync(Case(Now, expiresAt: Now.AddDays(366)), CancellationToken.None);
        Assert.AreEqual("$.dateTimeExpires", AssertRefused(far, HubErrorCode.InvalidMessage).Problems.Single().Path);
        var year9999 = await Intake().ReceiveAsync(Case(Now, expiresAt: new DateTimeOffset(9999, 12, 31, 0, 0, 0, TimeSpan.Zero)), CancellationToken.None);
        Assert.AreEqual("$.dateTimeExpires", AssertRefused(year9999, HubErrorCode.InvalidMessage).Problems.Single().Path);

        var within = await Intake().ReceiveAsync(Case(Now, expiresAt: Now.AddDays(364)), CancellationToken.None);
        Assert.IsInstanceOfType<IntakeVerdict.Accepted>(within);
    }

    [TestMethod]
    public async Task The_expiry_horizon_is_the_one_configured()
    {
        var verdict = await Intake(new IntakeOptions { MaxExpiry = TimeSpan.FromDays(7) })
            .ReceiveAsync(Case(Now, expiresAt: Now.AddDays(8)), CancellationToken.None);

        Assert.AreEqual("$.dateTimeExpires", AssertRefused(verdict, HubErrorCode.InvalidMessage).Problems.Single().Path);
    }

    [TestMethod]
    public async Task An_expired_message_is_told_so_400_before_its_sending_time_is_judged()
    {
        var verdict = await Intake().ReceiveAsync(Case(Now.AddDays(-10), expiresAt: Now.AddDays(-9)), CancellationToken.None);

        AssertRefused(verdict, HubErrorCode.ExpiredMessageBeforeRouting);
    }

    private MessageRejectedException AssertRefused(IntakeVerdict verdict, HubErrorCode code) => _queue.AssertRefused(verdict, code).Rejection;
}
