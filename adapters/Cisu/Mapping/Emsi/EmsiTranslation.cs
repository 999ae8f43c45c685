using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// Completes an EMSI written from a case that was not read from EMSI (e.g. an RC-EDA case creation): the fields
/// EMSI requires, values derived from the model, and everything EMSI has no field for as readable lines in
/// <c>EVENT.FREETEXT</c>. Deterministic: no clock, no random; ids come from the message itself.
/// </summary>
public static class EmsiTranslation
{
    public static void Complete(JsonObject emsi, CanonicalMessage message)
    {
        var incident = message.Incident!;
        Context((JsonObject)emsi["CONTEXT"]!, message, incident);
        Event((JsonObject)emsi["EVENT"]!, incident);
        if (emsi["RESOURCE"] is JsonArray resources)
        {
            for (var i = 0; i < resources.Count; i++) Resource((JsonObject)resources[i]!, incident.Resources[i]);
        }
    }

    /// <summary>The message id is the source message's (its header, else its distribution), else the case id:
    /// the same input always gives the same EMSI.</summary>
    private static void Context(JsonObject context, CanonicalMessage message, Incident incident)
    {
        var distribution = message.Distribution;
        var id = distribution?.Header?.MessageId ?? distribution?.DistributionId ?? incident.Identity.CaseId
            ?? throw new MappingException("emsi.CONTEXT.ID", "no message id nor case id to derive the EMSI message id from");
        context["ID"] = id;
        context["MODE"] = Mode(distribution?.Status);
        context["MSGTYPE"] = MessageType(distribution?.Kind);
        if ((distribution?.SentAt ?? incident.CreatedAt) is { } creation) context["CREATION"] = CisuTime.Format(creation);
        context["SECLASS"] = EmsiDefaults.SecurityClass;
        if (distribution?.SenderId is { Length: > 0 } sender) context["ORIGIN"] = new JsonObject { ["ORG_ID"] = sender };
    }

    private static string Mode(string? status) => status switch
    {
        "Exercise" => "EXERCS",
        "System" => "SYSTEM",
        "Test" => "TEST",
        _ => "ACTUAL",
    };

    /// <summary>A case shared for the first time is an alert for EMSI; an update or a cancellation says so.</summary>
    private static string MessageType(string? kind) => kind switch
    {
        "Update" => "UPDATE",
        "Cancel" => "CANCEL",
        _ => "ALERT",
    };

    private static void Event(JsonObject evt, Incident incident)
    {
        if (!evt.ContainsKey("ID")) throw new MappingException("emsi.EVENT.ID", "the case has no id (EMSI event, sender case nor shared case id)");
        var qualification = incident.Qualification;
        if (!evt.ContainsKey("NAME") && EventName(incident) is { } name) evt["NAME"] = name;
        evt["ETYPE"] = EmsiEventType.For(qualification?.Nature?.Code);

        var lines = new List<string>();
        if (evt["FREETEXT"] is JsonValue kept) lines.Add(kept.GetValue<string>());
        lines.AddRange(UncarriedDetails.Lines(incident));
        if (lines.Count > 0) evt["FREETEXT"] = string.Join('\n', lines);

        if (evt["EGEO"]?[0]?["POSITION"] is JsonObject position)
        {
            if (!position.ContainsKey("NAME") && incident.Location?.Label is { } label) position["NAME"] = label;
            if (position.ContainsKey("COORD"))
            {
                position["TYPE"] = EmsiDefaults.PointShape;
                position["COORDSYS"] = EmsiDefaults.Wgs84;
            }
        }
    }

    /// <summary>The nature label, then the commune, as NexSIS names its events.</summary>
    private static string? EventName(Incident incident)
    {
        var nature = incident.Qualification?.Nature;
        var what = nature?.Label ?? nature?.Code;
        var where = incident.Location?.Commune?.Name;
        return what is null ? where : where is null ? what : $"{what} - {where}";
    }

    private static void Resource(JsonObject resource, EngagedResource engaged)
    {
        resource["NAME"] ??= engaged.Name ?? engaged.ResourceId;
        resource["RTYPE"] = new JsonObject { ["RCLASS"] = new JsonArray(EmsiDefaults.ResourceClass) };
        resource["STATUS"] = ResourceStatusOf(engaged.StatusHistory.LastOrDefault()?.Status);
        var described = new List<string>();
        if (engaged.RequestId is { } request) described.Add($"Demande : {request}");
        if (engaged.MissionId is { } mission) described.Add($"Mission : {mission}");
        if (engaged.OperationId is { } operation) described.Add($"Opération : {operation}");
        if (engaged.DescribedAt is { } at) described.Add($"Décrite le {CisuTime.Format(at)}");
        if (engaged.VehicleType is { } type) described.Add($"Type : {type}");
        if (engaged.CenterName is { } center) described.Add($"Centre : {center}" + (engaged.CenterCity is { } city ? $" ({city})" : ""));
        if (engaged.Team is { } team) described.Add($"Équipe : {team.Name} {team.MedicalLevel}".TrimEnd());
        if (engaged.Contact is { } contact) described.Add($"Contact : {contact.Type} {contact.Details}".TrimEnd());
        foreach (var status in engaged.StatusHistory) described.Add($"Statut {status.Status} le {CisuTime.Format(status.At)}");
        if (engaged.Position is { } position) described.Add($"Position {position.Point.Latitude}, {position.Point.Longitude} le {CisuTime.Format(position.At)}");
        if (described.Count > 0)
        {
            resource["FREETEXT"] = string.Join('\n', new[] { resource["FREETEXT"]?.GetValue<string>() }.OfType<string>().Concat(described));
        }
    }

    /// <summary>APPROXIMATE: CISU statuses are steps of an intervention, EMSI's the resource's state.</summary>
    private static string ResourceStatusOf(string? cisuStatus) => cisuStatus switch
    {
        null or "DECISION" or "DECLENCHE" => "RESRVD",
        "ARRIVEE" or "PEC" or "BILAN" or "ORIENTAT" => "IN_USE/ON_SCENE",
        "FINPEC" or "RET-BASE" or "REN-BASE" or "ANNULE" => "AVAILB",
        _ => "IN_USE/MOBILE",
    };
}
