using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using static MCIC2.Interop.Adapters.Cisu.Mapping.Emsi.UncarriedDetails;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// What a case read from EMSI carries that RC-EDA has no field for — the event type codes, the event's attributes,
/// other places, the message context and origin, missions and engaged resources — as readable French lines for the
/// RC-EDA <c>freetext</c> (the mirror of <see cref="UncarriedDetails"/>). The EMSI residue is read by taking each
/// field described; a field left over (one rarely used, or newer than this code) is still written, as
/// <c>Donnée EMSI PATH : value</c>: nothing is dropped silently.
/// </summary>
public static class UncarriedInRcEda
{
    public static List<string> Lines(Incident incident)
    {
        var lines = new List<string>();
        var residue = incident.Preserved.GetValueOrDefault(MessageFamilies.Emsi) is JsonObject emsi ? PayloadCursor.Over(emsi, "") : null;
        residue?.Object("EVENT", evt => Event(evt, lines));
        residue?.Object("CONTEXT", context => Context(context, lines));
        // Missions stay whole in the residue (see AssistanceMissions): requests and answers are described from there.
        var missions = residue?.Objects("MISSION", Mission) ?? [];
        lines.AddRange(missions.Count > 0 ? missions : incident.AssistanceRequests.Select(Request));
        var kept = residue?.Objects("RESOURCE", resource => resource) ?? [];
        for (var i = 0; i < incident.Resources.Count; i++) lines.Add(Resource(incident.Resources[i], i < kept.Count ? kept[i] : null));
        if (residue?.Residue() is { } rest) Leftovers(rest, "", lines);
        return lines;
    }

    private static PayloadCursor Event(PayloadCursor evt, List<string> lines)
    {
        evt.Object("ETYPE", etype =>
        {
            lines.Add("Type d'événement EMSI : " + Join(
                Labelled("catégorie", Listed(etype.Strings("CATEGORY"))), Labelled("acteur", Listed(etype.Strings("ACTOR"))),
                Labelled("type de lieu", Listed(etype.Strings("LOCTYPE"))), Labelled("environnement", etype.String("ENV"))));
            return etype;
        });
        var attributes = Join(
            Labelled("source", evt.String("SOURCE")), Labelled("échelle", evt.String("SCALE")),
            Value(evt, "CERTAINTY") is { } certainty ? $"certitude {certainty} %" : null,
            Labelled("survenu le", evt.String("OCC_DATIME")), Labelled("observé le", evt.String("OBS_DATIME")),
            Labelled("statut", evt.String("STATUS")), Labelled("évolution", evt.String("RISK_ASSESMENT")),
            Labelled("cause", evt.String("CAUSE")));
        if (attributes.Length > 0) lines.Add($"Événement EMSI : {attributes}");
        lines.AddRange(evt.Objects("EVAC", evac => $"Évacuation EMSI{At(evac.String("DATIME"))} : "
            + Join(Labelled("déplacés", Value(evac, "DISPLACED")), Labelled("évacués", Value(evac, "EVACUATED")))));
        var index = 0;
        foreach (var place in evt.Objects("EGEO", geo => Geo(geo, index++ == 0)))
        {
            if (place.Length > 0) lines.Add(place);
        }
        return evt;
    }

    /// <summary>The first place is the RC-EDA location, whose point and address are already written; the others
    /// are described whole.</summary>
    private static string Geo(PayloadCursor geo, bool first)
    {
        var described = Join(
            Labelled("type", geo.String("TYPE")), Labelled("météo", Listed(geo.Strings("WEATHER"))),
            Labelled("le", geo.String("DATIME")), geo.String("FREETEXT"), geo.Object("POSITION", Position));
        return described.Length == 0 ? "" : (first ? "Lieu de l'événement (EMSI) : " : "Autre lieu EMSI : ") + described;
    }

    private static string? Position(PayloadCursor position)
    {
        var shape = position.String("TYPE");
        var system = position.String("COORDSYS");
        var points = position.Objects("COORD", coord => Value(coord, "LAT") is { } lat
            ? $"point {lat} / {Value(coord, "LONG")}" + (Value(coord, "HEIGHT") is { } height ? $" / {height} m" : "")
            : null);
        return NonEmpty(Join(
            Labelled("identifiant", position.String("LOC_ID")), position.String("NAME"), Listed(position.Strings("ADDRESS")),
            // A point in WGS-84 is what the RC-EDA point says: only another shape or system is worth a word.
            shape is null or "POINT" ? null : $"forme {shape}", system is null or "EPSG-4326" ? null : $"système {system}",
            Labelled("rôle de l'altitude", position.String("HEIGHT_ROLE")), Listed(points.OfType<string>().ToList())));
    }

    private static PayloadCursor Context(PayloadCursor context, List<string> lines)
    {
        lines.Add($"Message EMSI {context.String("ID")}{At(context.String("CREATION"))} : " + Join(
            Labelled("type", context.String("MSGTYPE")), Labelled("mode", context.String("MODE")),
            Labelled("niveau", context.String("LEVEL")), Labelled("classification", context.String("SECLASS")),
            Labelled("urgence", context.String("URGENCY"))));
        context.Object("ORIGIN", origin =>
        {
            lines.Add("Origine EMSI : " + Join(origin.String("NAME"), Labelled("organisation", origin.String("ORG_ID")),
                Labelled("utilisateur", origin.String("USER_ID"))));
            return origin;
        });
        return context;
    }

    /// <summary>A mission as its CISU name reads (request for assistance, answer, or ordinary mission).</summary>
    private static string Mission(PayloadCursor mission)
    {
        var id = mission.String("ID");
        var name = mission.String("NAME");
        var (title, named) = AssistanceMissionName.Parse(name) switch
        {
            AssistanceRequestName request => ($"Demande de concours {id}",
                Join(Labelled("motif", request.Reason), Labelled("concours demandé", request.RequestedCode))),
            AssistanceAnswerName answer => ($"Réponse de concours {id}", Join(AnswerKinds.Format(answer.Kind), Labelled("motif", answer.Reason))),
            _ => ($"Mission EMSI {id}", name),
        };
        return $"{title} : " + Join(named,
            Labelled("type", mission.String("TYPE")), Labelled("statut", mission.String("STATUS")),
            Labelled("organisation", mission.String("ORG_ID")), Labelled("début", mission.String("START_TIME")),
            Labelled("fin", mission.String("END_TIME")), Labelled("priorité", mission.String("PRIORITY")),
            Labelled("moyens", Listed(mission.Strings("RESOURCE_ID"))), Labelled("mission principale", mission.String("MAIN_MISSION_ID")),
            Labelled("missions parentes", Listed(mission.Strings("PARENT_MISSION_ID"))),
            Labelled("missions filles", Listed(mission.Strings("CHILD_MISSION_ID"))),
            mission.Object("POSITION", Position) is { } place ? $"lieu ({place})" : null, mission.String("FREETEXT"));
    }

    /// <summary>A request the message did not carry as an EMSI mission (a case from another family).</summary>
    private static string Request(AssistanceRequest request) =>
        $"Demande de concours {request.Id} : " + Join(
            Labelled("motif", request.Reason), Labelled("concours demandé", request.RequestedCode),
            Labelled("type", request.MissionType), Labelled("organisation", request.RequestingOrganization),
            Labelled("le", request.RequestedAt is { } at ? CisuTime.Format(at) : null), Labelled("priorité", request.Priority),
            request.FreeText, Listed(request.Answers.Select(a => Join($"réponse {AnswerKinds.Format(a.Kind)}", a.Reason)).ToList()));

    private static string Resource(EngagedResource engaged, PayloadCursor? kept)
    {
        var type = kept?.Object("RTYPE", rtype => NonEmpty(Join(
            Labelled("classe", Listed(rtype.Strings("RCLASS"))), Labelled("capacités", Listed(rtype.Strings("CAPABILITY"))),
            Labelled("caractéristiques", Listed(rtype.Strings("CHARACTERISTICS"))))));
        var quantity = NonEmpty(string.Join(" ", new[] { Value(kept, "QUANTITY"), kept?.String("UM") }.OfType<string>()));
        return $"Moyen engagé {engaged.ResourceId}" + (engaged.Name is { } name ? $" - {name}" : "") + " : " + Join(
            Labelled("organisation", engaged.OrganizationId), Labelled("mission", engaged.MissionId),
            Labelled("opération", engaged.OperationId), Labelled("type", engaged.VehicleType),
            Labelled("statut", engaged.StatusHistory.LastOrDefault()?.Status), type, Labelled("quantité", quantity),
            Labelled("état", kept?.String("STATUS")), Labelled("nationalité", kept?.String("NATIONALITY")),
            Listed(engaged.FreeText));
    }

    private static void Leftovers(JsonNode? node, string path, List<string> lines)
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var (name, value) in fields) Leftovers(value, path.Length == 0 ? name : $"{path}.{name}", lines);
                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++) Leftovers(items[i], $"{path}[{i}]", lines);
                break;
            case JsonValue value:
                lines.Add($"Donnée EMSI {path} : {Text(value)}");
                break;
        }
    }

    /// <summary>A number or a string as written; numbers may be held as any CLR type (XML-read or built in memory).</summary>
    private static string? Value(PayloadCursor? cursor, string name) => cursor?.Raw(name) is JsonValue value ? Text(value) : null;

    private static string Text(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();

    private static string? Listed(IReadOnlyCollection<string> values) => values.Count == 0 ? null : string.Join(" + ", values);

    private static string? NonEmpty(string text) => text.Length == 0 ? null : text;

    private static string At(string? time) => time is null ? "" : $" du {time}";
}
