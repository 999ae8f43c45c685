using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Routing.Incidents;

/// <summary>The key the hub files a message's incident under: the shared CISU caseId.</summary>
public static class IncidentKeys
{
    /// <summary>
    /// The shared caseId (RC-EDA, RC-RI; EMSI <c>MAIN_EVENT_ID</c>, else its case id); null for a message not about an
    /// incident (RC-REF, RS-ERROR, GEO-*): the pipeline finds their incident through the delivery they name.
    /// </summary>
    public static string? Of(CanonicalMessage message)
    {
        var identity = message.Incident?.Identity;
        var key = message.Family switch
        {
            MessageFamilies.CaseCreation or MessageFamilies.ResourcesInfo => identity?.CaseId,
            MessageFamilies.Emsi => identity?.EmsiMainEventId ?? identity?.CaseId,
            _ => null,
        };
        return string.IsNullOrWhiteSpace(key) ? null : key;
    }
}
