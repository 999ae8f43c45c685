using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Resources;

/// <summary>RC-RI <c>resourcesInfoCisu</c>: the full snapshot of the resources a partner engaged on a case.</summary>
public sealed class ResourcesInfoMapper : IPayloadMapper
{
    public string Family => MessageFamilies.ResourcesInfo;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.resourcesInfoCisu");
        var incident = message.Incident ??= new Incident();
        incident.Identity.CaseId = cursor.String("caseId");
        incident.Resources.AddRange(cursor.Objects("resource", r => ReadResource(r, provenance)));
        foreach (var resource in incident.Resources)
        {
            foreach (var status in resource.StatusHistory)
            {
                incident.Timeline.Add(new TimelineEntry { At = status.At, Kind = "resource-status", Description = $"{resource.ResourceId} {status.Status}", Provenance = provenance });
            }
        }
        if (cursor.Residue() is { } residue) incident.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var incident = message.Incident ?? throw new MappingException("$", "an RC-RI message needs an incident");
        var builder = new PayloadBuilder()
            .String("caseId", incident.Identity.CaseId ?? incident.Identity.EmsiMainEventId)
            .Objects("resource", incident.Resources, WriteResource);
        Residue.MergeInto(builder.Node, incident.Preserved.GetValueOrDefault(Family));
        return builder.Node;
    }

    private static EngagedResource ReadResource(PayloadCursor c, Provenance provenance)
    {
        var resource = new EngagedResource
        {
            DescribedAt = c.Time("datetime"),
            ResourceId = c.RequiredString("resourceId"),
            RequestId = c.String("requestId"),
            MissionId = c.String("missionId"),
            OperationId = c.String("operationId"),
            OrganizationId = c.String("orgId"),
            CenterName = c.String("centerName"),
            VehicleType = c.String("vehicleType"),
            Name = c.String("name"),
            CenterCity = c.String("centerCity"),
            Team = c.Object("team", t => new ResourceTeam { MedicalLevel = t.String("medicalLevel"), Name = t.String("name") }),
            Provenance = provenance,
        };
        if (c.Object("state", s => new ResourceStatus { At = s.RequiredTime("datetime"), Status = s.RequiredString("status"), Available = s.Boolean("availability") }) is { } state)
        {
            resource.StatusHistory.Add(state);
        }
        resource.Position = c.Object("position", p => new ResourcePosition
        {
            At = p.RequiredTime("datetime"),
            Speed = p.Decimal("speed"),
            Point = p.Object("coord", CoordPart.Read) ?? throw p.Missing("coord"),
        });
        resource.Contact = c.Object("contact", k => new ResourceContact { Type = k.String("type"), Details = k.String("details") });
        resource.FreeText = c.Strings("freetext");
        return resource;
    }

    /// <summary>RC-RI is a snapshot: only the current status (the last one known) is sent.</summary>
    private static void WriteResource(PayloadBuilder b, EngagedResource r) => b
        .Time("datetime", r.DescribedAt)
        .String("resourceId", r.ResourceId)
        .String("requestId", r.RequestId)
        .String("missionId", r.MissionId)
        .String("operationId", r.OperationId)
        .String("orgId", r.OrganizationId)
        .String("centerName", r.CenterName)
        .String("vehicleType", r.VehicleType)
        .String("name", r.Name)
        .String("centerCity", r.CenterCity)
        .Object("team", r.Team, (t, team) => t.String("medicalLevel", team.MedicalLevel).String("name", team.Name))
        .Object("state", r.StatusHistory.LastOrDefault(), (s, state) => s.Time("datetime", state.At).String("status", state.Status).Boolean("availability", state.Available))
        .Object("position", r.Position, (p, position) => p
            .Time("datetime", position.At)
            .Decimal("speed", position.Speed)
            .Object("coord", position.Point, CoordPart.Write))
        .Object("contact", r.Contact, (k, contact) => k.String("type", contact.Type).String("details", contact.Details))
        .Strings("freetext", r.FreeText);
}
