using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// Reads an EMSI payload (the object under <c>emsi</c>) into the canonical incident. Fields the model holds are
/// taken out of the cursor; the rest (CONTEXT mode, type, classification, origin; event typology, cause, scale,
/// status; missions; resource types) is the residue, kept under <c>Preserved["EMSI"]</c>.
/// </summary>
public static class EmsiReader
{
    public static void Read(JsonObject payload, Incident incident, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "emsi");
        var creation = payload["CONTEXT"]?["CREATION"] is JsonValue c && CisuTime.TryParse(c.GetValue<string>(), out var at) ? at : (DateTimeOffset?)null;
        cursor.Object("CONTEXT", context =>
        {
            if (context.String("FREETEXT") is { } text) incident.Notes.Add(new Note { CreatedAt = creation, Text = text, Provenance = provenance });
            return context;
        });
        cursor.Object("EVENT", evt => ReadEvent(evt, incident, provenance));
        var missions = payload["MISSION"] as JsonArray;
        incident.Resources.AddRange(cursor.Objects("RESOURCE", r => ReadResource(r, missions, provenance)));
        incident.AssistanceRequests.AddRange(AssistanceMissions.Read(missions, provenance));
        if (cursor.Residue() is { } residue) incident.Preserved[MessageFamilies.Emsi] = residue;
    }

    /// <summary>In CISU exchanges <c>MAIN_EVENT_ID</c> carries the shared caseId: it becomes the case id unless
    /// the incident already has one (e.g. from an earlier RC-EDA), which it never overrides.</summary>
    private static PayloadCursor ReadEvent(PayloadCursor evt, Incident incident, Provenance provenance)
    {
        incident.Identity.EmsiEventId = evt.RequiredString("ID");
        if (evt.String("MAIN_EVENT_ID") is { } main)
        {
            incident.Identity.EmsiMainEventId = main;
            incident.Identity.CaseId ??= main;
        }
        EmsiDetails.Set(incident, EmsiDetails.EventName, evt.String("NAME"));
        EmsiDetails.Set(incident, EmsiDetails.EventFreeText, evt.String("FREETEXT"));
        incident.CreatedAt = evt.Time("DECL_DATIME");
        var casualties = evt.Objects("CASUALTIES", Casualties.Read);
        if (casualties.Count > 0)
        {
            incident.Qualification ??= new Qualification { Provenance = provenance };
            incident.Qualification.Victims = Casualties.ToVictims(casualties);
        }
        var first = true;
        evt.Objects("EGEO", geo =>
        {
            // The first geographic element is the event's place; others stay in the residue.
            if (first) incident.Location = ReadLocation(geo, provenance);
            first = false;
            return geo;
        });
        return evt;
    }

    private static IncidentLocation ReadLocation(PayloadCursor geo, Provenance provenance)
    {
        var location = new IncidentLocation
        {
            PositionTime = geo.Time("DATIME"),
            FreeText = geo.String("FREETEXT"),
            Provenance = provenance,
        };
        geo.Object("POSITION", position =>
        {
            location.LocationId = position.String("LOC_ID");
            location.Name = position.String("NAME");
            var first = true;
            position.Objects("COORD", coord =>
            {
                // A shape's first point stands for the event; the other points stay in the residue.
                if (first) location.Point = ReadPoint(coord);
                first = false;
                return coord;
            });
            // EMSI addresses are unstructured lines; they are kept as the complete address, one per line.
            var lines = position.Strings("ADDRESS");
            if (lines.Count > 0) location.Address = new Address { Complete = string.Join('\n', lines) };
            return position;
        });
        return location;
    }

    private static GeoPoint ReadPoint(PayloadCursor coord) => new()
    {
        Latitude = coord.Decimal("LAT") ?? throw coord.Missing("LAT"),
        Longitude = coord.Decimal("LONG") ?? throw coord.Missing("LONG"),
        Height = coord.Decimal("HEIGHT"),
    };

    /// <summary>The mission that lists the resource gives its mission and operation (main mission) ids;
    /// missions are not taken, so these links are not written back from the model.</summary>
    private static EngagedResource ReadResource(PayloadCursor resource, JsonArray? missions, Provenance provenance)
    {
        var engaged = new EngagedResource
        {
            ResourceId = resource.RequiredString("ID"),
            Name = resource.String("NAME"),
            OrganizationId = resource.String("ORG_ID"),
            FreeText = resource.String("FREETEXT") is { } text ? [text] : [],
            Provenance = provenance,
        };
        var mission = missions?.OfType<JsonObject>().FirstOrDefault(m =>
            m["RESOURCE_ID"] is JsonArray ids && ids.Any(id => id?.GetValue<string>() == engaged.ResourceId));
        engaged.MissionId = mission?["ID"]?.GetValue<string>();
        engaged.OperationId = mission?["MAIN_MISSION_ID"]?.GetValue<string>();
        return engaged;
    }
}
