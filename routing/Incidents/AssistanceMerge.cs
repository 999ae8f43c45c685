using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>An answer newly recorded for a request for assistance (to move the matching handover on).</summary>
internal sealed record NewAnswer(string RequestId, AssistanceAnswer Answer);

/// <summary>
/// Merges EMSI requests for assistance and their answers by request id. An answer often comes before the hub knows
/// its request (another partner's message): the request is then kept by its id, and completed when it arrives.
/// </summary>
internal static class AssistanceMerge
{
    public static List<NewAnswer> Merge(Incident target, IEnumerable<AssistanceRequest> requests, List<string> changes)
    {
        var added = new List<NewAnswer>();
        foreach (var incoming in requests)
        {
            var existing = target.AssistanceRequests.FirstOrDefault(r => r.Id == incoming.Id);
            if (existing is null)
            {
                existing = new AssistanceRequest { Id = incoming.Id, Provenance = incoming.Provenance };
                PartOrder.Insert(target.AssistanceRequests, existing, (a, b) => string.CompareOrdinal(a.Id, b.Id));
            }
            if (!IsKnownByIdOnly(incoming) && IsKnownByIdOnly(existing))
            {
                existing.RequestingOrganization = incoming.RequestingOrganization;
                existing.Reason = incoming.Reason;
                existing.RequestedCode = incoming.RequestedCode;
                existing.MissionType = incoming.MissionType;
                existing.FreeText = incoming.FreeText;
                existing.RequestedAt = incoming.RequestedAt;
                existing.Priority = incoming.Priority;
                existing.Provenance = incoming.Provenance;
                changes.Add($"assistance request {incoming.Id}");
            }
            foreach (var answer in incoming.Answers)
            {
                if (existing.Answers.Any(a => a.Kind == answer.Kind && a.At == answer.At && a.Reason == answer.Reason && a.AnsweringOrganization == answer.AnsweringOrganization)) continue;
                PartOrder.Insert(existing.Answers, answer, (a, b) => PartOrder.ByTime(a.At, b.At));
                added.Add(new NewAnswer(existing.Id, answer));
                changes.Add($"assistance request {existing.Id} answered {answer.Kind}");
            }
        }
        return added;
    }

    /// <summary>A request the hub knows only because an answer named it.</summary>
    private static bool IsKnownByIdOnly(AssistanceRequest r) =>
        r.Reason is null && r.RequestedCode is null && r.MissionType is null && r.RequestedAt is null && r.RequestingOrganization is null;
}
