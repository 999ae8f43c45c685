using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// Writes an EMSI payload from the canonical message. What the model holds is always written from it; then
/// either the EMSI residue is merged back (the message was read from EMSI: it comes back identical), or, with no
/// residue, the case is translated (<see cref="EmsiTranslation"/>).
/// </summary>
public static class EmsiWriter
{
    public static JsonObject Write(CanonicalMessage message)
    {
        var incident = message.Incident ?? throw new MappingException("emsi", "the message carries no incident to write as EMSI");
        var emsi = new PayloadBuilder()
            .Object("CONTEXT", incident, Context)
            .Object("EVENT", incident, Event)
            .Objects("RESOURCE", incident.Resources, Resource)
            .Node;
        var residue = incident.Preserved.GetValueOrDefault(MessageFamilies.Emsi) as JsonObject;
        if (residue is not null) Residue.MergeInto(emsi, residue);
        else EmsiTranslation.Complete(emsi, message);

        var missions = AssistanceMissions.Write(incident.AssistanceRequests, emsi["MISSION"] as JsonArray);
        emsi.Remove("MISSION");
        if (missions.Count > 0) emsi["MISSION"] = missions;
        return emsi;
    }

    /// <summary>The case notes are the message's free text, one per line.</summary>
    private static void Context(PayloadBuilder context, Incident incident)
    {
        var notes = incident.Notes.Select(n => n.Text).OfType<string>().ToList();
        context.String("FREETEXT", notes.Count == 0 ? null : string.Join('\n', notes));
    }

    /// <summary>The event id is the EMSI one when known, else the sender's case number, else the shared case
    /// id; <c>MAIN_EVENT_ID</c> is the shared case id (see <see cref="EmsiReader"/>).</summary>
    private static void Event(PayloadBuilder evt, Incident incident)
    {
        var identity = incident.Identity;
        evt.String("ID", identity.EmsiEventId ?? identity.SenderCaseId ?? identity.CaseId)
            .String("MAIN_EVENT_ID", identity.EmsiMainEventId ?? identity.CaseId)
            .String("NAME", EmsiDetails.Get(incident, EmsiDetails.EventName))
            .String("FREETEXT", EmsiDetails.Get(incident, EmsiDetails.EventFreeText))
            .Time("DECL_DATIME", incident.CreatedAt)
            .Objects("CASUALTIES", Casualties.Of(incident), Casualties.Write)
            .Objects<IncidentLocation>("EGEO", incident.Location is null ? [] : [incident.Location], Geo);
    }

    private static void Geo(PayloadBuilder geo, IncidentLocation location)
    {
        geo.Time("DATIME", location.PositionTime)
            .String("FREETEXT", location.FreeText)
            .Object("POSITION", HasPosition(location) ? location : null, Position);
    }

    private static bool HasPosition(IncidentLocation location) =>
        location.LocationId is not null || location.Name is not null || location.Point is not null || AddressLines(location).Count > 0;

    private static void Position(PayloadBuilder position, IncidentLocation location)
    {
        position.String("LOC_ID", location.LocationId)
            .String("NAME", location.Name)
            .Objects<GeoPoint>("COORD", location.Point is null ? [] : [location.Point], (coord, point) => coord
                .Decimal("LAT", point.Latitude)
                .Decimal("LONG", point.Longitude)
                .Decimal("HEIGHT", point.Height))
            .Strings("ADDRESS", AddressLines(location));
    }

    /// <summary>EMSI takes unstructured address lines. The first line gets the number and the commune when the
    /// complete address lacks them (a structured address read from RC-EDA); an address read from EMSI has
    /// neither, so its lines come back unchanged.</summary>
    public static List<string> AddressLines(IncidentLocation location)
    {
        var lines = (location.Address?.Complete ?? location.Address?.Way?.Complete)?.Split('\n').ToList() ?? [];
        if (lines.Count == 0)
        {
            return location.Commune?.Name is { } town ? [town] : [];
        }
        if (location.Address?.Number is { } number && !lines[0].StartsWith(number, StringComparison.Ordinal))
        {
            lines[0] = $"{number} {lines[0]}";
        }
        if (location.Commune?.Name is { } commune && !lines[0].Contains(commune, StringComparison.OrdinalIgnoreCase))
        {
            lines[0] = $"{lines[0]}, {commune}";
        }
        return lines;
    }

    private static void Resource(PayloadBuilder resource, EngagedResource engaged)
    {
        resource.String("ID", engaged.ResourceId)
            .String("NAME", engaged.Name)
            .String("ORG_ID", engaged.OrganizationId)
            .String("FREETEXT", engaged.FreeText.Count == 0 ? null : string.Join('\n', engaged.FreeText));
    }
}
