using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Simulators.PartnerActors.Actors;
using MCIC2.Interop.Simulators.RecordingPartner;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>
/// Everything the actors of a run received, decoded: each message by its partner, sender, kind, distribution id and
/// case. Duplicates: one partner receiving one distribution id twice. Order: per partner, case and original sender,
/// the sender's numbering (<c>SENDER_RUN-N</c>, the actors' distribution ids) must rise — the hub keeps each incident's
/// order. <see cref="Exchanges"/> (who got what kind from whom, counted) compares runs: none lost if equal.
/// </summary>
internal sealed partial class ActorLedger(IReadOnlyList<ReceivedDelivery> received)
{
    public IReadOnlyList<Delivered> Messages { get; } = [.. received.Select(r => new Delivered(r.PartnerId, CisuCodec.Shared.Decode(r.Body).Message, TimeSpan.Zero))];

    public IReadOnlyList<string> Duplicates => [.. Messages.GroupBy(m => $"{m.PartnerId} {m.DistributionId}").Where(g => g.Count() > 1).Select(g => g.Key)];

    public IReadOnlyList<string> OutOfOrder
    {
        get
        {
            List<string> problems = [];
            foreach (var stream in Messages.Where(m => m.CaseId is not null && Numbered().IsMatch(m.DistributionId)).GroupBy(m => (m.PartnerId, m.CaseId, m.SenderId)))
            {
                var numbers = stream.Select(m => int.Parse(Numbered().Match(m.DistributionId).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                if (!numbers.SequenceEqual(numbers.Order())) problems.Add($"{stream.Key.PartnerId} got {stream.Key.SenderId}'s {stream.Key.CaseId} as {string.Join(", ", numbers)}");
            }
            return problems;
        }
    }

    /// <summary>"partner ← sender KIND × count", sorted: what a run delivered, whatever its ids.</summary>
    public IReadOnlyList<string> Exchanges => [.. Messages.GroupBy(m => $"{m.PartnerId} ← {m.SenderId} {m.Kind}").Select(g => $"{g.Key} × {g.Count()}").Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"_\d+-(\d+)$")]
    private static partial Regex Numbered();
}
