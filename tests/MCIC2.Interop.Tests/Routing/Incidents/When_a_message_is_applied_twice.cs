using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_a_message_is_applied_twice
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    [TestMethod]
    public void The_second_time_changes_nothing_whatever_the_family()
    {
        var messages = new[] { CaseMessages.Creation(), CaseMessages.Resources("05"), CaseMessages.AssistanceRequest(30), CaseMessages.CaseUpdate(CaseMessages.Police, 31) };
        StoredIncident? incident = null;
        foreach (var message in messages)
        {
            incident = Ledger.Applied(Ledger.Default.Apply(incident, message, _time.GetUtcNow()));
            var before = Ledger.Json(incident);
            _time.Advance(TimeSpan.FromMinutes(1));

            var again = Ledger.Default.Apply(incident, message, _time.GetUtcNow());

            Assert.IsInstanceOfType<ApplyOutcome.Unchanged>(again, message.Family);
            Assert.AreEqual(before, Ledger.Json(incident));
        }
    }
}
