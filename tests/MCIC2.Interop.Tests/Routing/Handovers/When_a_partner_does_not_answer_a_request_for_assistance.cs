using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.Routing.Handovers;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Handovers;

[TestClass]
public sealed class When_a_partner_does_not_answer_a_request_for_assistance
{
    private static readonly HandoverOptions Options = new()
    {
        AckTimeout = TimeSpan.FromMinutes(1),
        AnswerTimeout = TimeSpan.FromMinutes(4),
        EscalationTimeout = TimeSpan.FromMinutes(3),
    };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 8, 13, 10, 30, 0, TimeSpan.FromHours(2)));
    private readonly Incident _incident = new();

    private Handover Start() => HandoverProcess.Start(_incident, HandoverKind.AssistanceRequest, "fr.health.samu035", "fr.fire.sis035",
        "carence d'ambulance", "delivery-1", _time.GetUtcNow(), Options, "ABC1YU3454");

    [TestMethod]
    public void It_waits_for_the_acknowledgement_until_the_ack_timeout()
    {
        var handover = Start();

        Assert.AreEqual(HandoverState.Sent, handover.State);
        Assert.AreEqual(_time.GetUtcNow() + Options.AckTimeout, handover.DueAt);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.IsEmpty(HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options));
    }

    [TestMethod]
    public void First_it_is_resent_to_the_backup_address_then_an_operator_is_alerted()
    {
        var handover = Start();

        _time.Advance(Options.AckTimeout);
        var first = HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options);
        Assert.AreEqual(new ResendToBackup("ABC1YU3454", "fr.fire.sis035"), first.Single());
        Assert.AreEqual(HandoverState.Escalated, handover.State);
        Assert.AreEqual(_time.GetUtcNow() + Options.EscalationTimeout, handover.DueAt);

        _time.Advance(Options.EscalationTimeout);
        var second = HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options);
        var alert = (AlertOperator)second.Single();
        Assert.AreEqual("ABC1YU3454", alert.HandoverId);
        Assert.Contains("fr.fire.sis035", alert.Message);
        Assert.AreEqual(HandoverState.OperatorAlerted, handover.State);
        Assert.IsNull(handover.DueAt);

        _time.Advance(TimeSpan.FromHours(1));
        Assert.IsEmpty(HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options), "an operator is alerted once");
        CollectionAssert.AreEqual(new[] { HandoverState.Sent, HandoverState.Escalated, HandoverState.OperatorAlerted }, handover.History.Select(s => s.State).ToArray());
    }

    [TestMethod]
    public void Acknowledged_but_unanswered_it_escalates_after_the_answer_timeout()
    {
        var handover = Start();
        _time.Advance(TimeSpan.FromSeconds(30));
        HandoverProcess.OnAcknowledged(_incident, "delivery-1", _time.GetUtcNow(), Options);

        Assert.AreEqual(HandoverState.Acknowledged, handover.State);
        Assert.AreEqual(_time.GetUtcNow() + Options.AnswerTimeout, handover.DueAt);
        _time.Advance(Options.AnswerTimeout);
        Assert.IsInstanceOfType<ResendToBackup>(HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options).Single());
        Assert.AreEqual(_time.GetUtcNow() + Options.EscalationTimeout, HandoverProcess.NextDueAt(_incident));
    }

    [TestMethod]
    public void An_answer_even_late_ends_the_wait()
    {
        var handover = Start();
        _time.Advance(Options.AckTimeout);
        HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options);
        _time.Advance(TimeSpan.FromMinutes(1));

        HandoverProcess.OnAnswer(_incident, handover.Id, AssistanceAnswerKind.Divergent, "un VSAV au lieu d'une ambulance", _time.GetUtcNow());

        Assert.AreEqual(HandoverState.Partial, handover.State);
        Assert.IsNull(handover.DueAt);
        Assert.IsNull(HandoverProcess.NextDueAt(_incident));
        _time.Advance(TimeSpan.FromHours(1));
        Assert.IsEmpty(HandoverProcess.OnDue(_incident, _time.GetUtcNow(), Options));
    }
}
