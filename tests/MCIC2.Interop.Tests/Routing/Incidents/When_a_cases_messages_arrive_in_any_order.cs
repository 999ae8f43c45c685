using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Tests.Routing.Incidents;

/// <summary>
/// Property: whatever order a case's messages arrive in, driven as the pipeline drives the ledger (held messages
/// applied again after each applied one), the result is the incident of the in-order application — or some
/// message was explicitly held or rejected. Never a silently different incident.
/// </summary>
[TestClass]
public sealed class When_a_cases_messages_arrive_in_any_order
{
    private static CanonicalMessage[] CaseHistory() =>
    [
        CaseMessages.Creation(),
        CaseMessages.Resources("02"),
        CaseMessages.AssistanceRequest(12),
        CaseMessages.SamuResources(16),
        CaseMessages.CaseUpdate(CaseMessages.Police, 20),
        CaseMessages.Resources("05"),
        CaseMessages.AssistanceAnswer(27, "ACCEPTE"),
    ];

    [TestMethod]
    public void Every_permutation_gives_the_in_order_incident_or_says_why_not()
    {
        var now = CaseMessages.T0.AddHours(1);
        var messages = CaseHistory();
        var inOrder = Drive(messages, now);
        Assert.IsEmpty(inOrder.Rejected);
        Assert.IsEmpty(inOrder.StillHeld);
        var expected = Comparable(inOrder.Incident!);
        var (same, explained) = (0, 0);

        foreach (var order in Permutations(Enumerable.Range(0, messages.Length).ToArray()))
        {
            var run = Drive(order.Select(i => messages[i]).ToArray(), now);
            if (run.Rejected.Count > 0 || run.StillHeld.Count > 0)
            {
                explained++;
                continue;
            }
            Assert.AreEqual(expected, Comparable(run.Incident!), $"order {string.Join(",", order)} gave another incident");
            same++;
        }

        Assert.IsGreaterThan(0, same);
        Assert.IsGreaterThan(0, explained);
    }

    private sealed record Run(StoredIncident? Incident, List<ApplyOutcome.Rejected> Rejected, List<CanonicalMessage> StillHeld);

    /// <summary>The pipeline's loop: apply; a held message waits and is applied again after each applied one.</summary>
    private static Run Drive(CanonicalMessage[] arrivals, DateTimeOffset now)
    {
        StoredIncident? incident = null;
        var rejected = new List<ApplyOutcome.Rejected>();
        var held = new List<CanonicalMessage>();
        foreach (var message in arrivals)
        {
            if (!Apply(message)) continue;
            for (var released = true; released;)
            {
                released = false;
                foreach (var waiting in held.ToList())
                {
                    held.Remove(waiting);
                    released |= Apply(waiting);
                }
            }
        }
        return new Run(incident, rejected, held);

        bool Apply(CanonicalMessage message)
        {
            switch (Ledger.Default.Apply(incident, message, now))
            {
                case ApplyOutcome.Applied applied:
                    incident = applied.Incident;
                    return true;
                case ApplyOutcome.Held:
                    held.Add(message);
                    return false;
                case ApplyOutcome.Rejected r:
                    rejected.Add(r);
                    return false;
                default:
                    return false;
            }
        }
    }

    /// <summary>The stored incident, with sets (messages applied) and maps (by sender) in a fixed order: their
    /// order carries no meaning.</summary>
    private static string Comparable(StoredIncident incident)
    {
        var copy = System.Text.Json.JsonSerializer.Deserialize<StoredIncident>(Ledger.Json(incident), MCIC2.Interop.CanonicalModel.Serialization.CanonicalJson.Options)!;
        copy.AppliedDistributionIds.Sort(StringComparer.Ordinal);
        copy.LastAppliedBySender = new(copy.LastAppliedBySender.OrderBy(p => p.Key, StringComparer.Ordinal));
        copy.ResourcesUnreportedSince = new(copy.ResourcesUnreportedSince.OrderBy(p => p.Key, StringComparer.Ordinal));
        copy.PreservedFrom = new(copy.PreservedFrom.OrderBy(p => p.Key, StringComparer.Ordinal));
        return Ledger.Json(copy);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }
        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest)) yield return [items[i], .. tail];
        }
    }
}
