using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Incidents;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_an_update_arrives_before_its_case
{
    private readonly FakeTimeProvider _time = new(CaseMessages.T0);

    public static IEnumerable<object[]> Updates =>
    [
        ["RC-RI", CaseMessages.Resources("02")],
        ["EMSI", CaseMessages.AssistanceRequest(5)],
        ["RC-EDA Update", CaseMessages.CaseUpdate(CaseMessages.Police, 10)],
    ];

    [TestMethod]
    [DynamicData(nameof(Updates))]
    public void It_is_held_waiting_for_its_case_key(string what, CanonicalMessage update)
    {
        var outcome = Ledger.Default.Apply(null, update, _time.GetUtcNow());

        var held = (ApplyOutcome.Held)outcome;
        Assert.AreEqual(CaseMessages.FireCase, held.WaitingForKey, what);
    }

    [TestMethod]
    [DynamicData(nameof(Updates))]
    public void Applied_again_once_the_case_exists_it_merges(string what, CanonicalMessage update)
    {
        Assert.IsInstanceOfType<ApplyOutcome.Held>(Ledger.Default.Apply(null, update, _time.GetUtcNow()));
        var created = Ledger.ApplyAll(_time.GetUtcNow(), CaseMessages.Creation());

        var updated = Ledger.Applied(Ledger.Default.Apply(created, update, _time.GetUtcNow()));

        Assert.AreEqual(2, updated.Version, what);
        Assert.Contains(update.Distribution!.DistributionId, updated.AppliedDistributionIds);
    }
}
