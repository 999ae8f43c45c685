using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_messages_arrive_out_of_sequence
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    [TestMethod]
    public void An_older_message_from_the_same_sender_is_WRONG_MESSAGE_SEQUENCE_and_changes_nothing()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation(), CaseMessages.Resources("03"));
        var before = Ledger.Json(incident);

        var outcome = Ledger.Default.Apply(incident, CaseMessages.Resources("02"), _time.GetUtcNow());

        Assert.AreEqual(HubErrorCode.WrongMessageSequence, ((ApplyOutcome.Rejected)outcome).Code);
        Assert.AreEqual(before, Ledger.Json(incident));
    }

    [TestMethod]
    public void An_older_message_from_another_sender_is_in_sequence()
    {
        var incident = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation(), CaseMessages.Resources("07"));

        Assert.IsInstanceOfType<ApplyOutcome.Applied>(Ledger.Default.Apply(incident, CaseMessages.SamuResources(3), _time.GetUtcNow()));
    }
}
