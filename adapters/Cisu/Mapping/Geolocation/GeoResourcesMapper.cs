using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Geolocation;

/// <summary>GEO-RES <c>geoResourcesDetails</c>: descriptions of the resources whose positions are shared.</summary>
public sealed class GeoResourcesMapper : IPayloadMapper
{
    public string Family => MessageFamilies.GeoResources;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.geoResourcesDetails");
        message.ResourceDescriptions.AddRange(cursor.Objects("resource", r => new ResourceDescription
        {
            ResourceId = r.RequiredString("resourceId"),
            OrganizationId = r.RequiredString("orgId"),
            Name = r.String("name"),
            ResourceType = r.RequiredString("resourceType"),
            Nature = r.String("nature"),
            Mobility = r.String("mobility"),
            Capacity = r.String("capacity"),
            Contacts = r.Objects("contacts", k => new ResourceContact { Type = k.String("type"), Details = k.String("details") }),
        }));
        if (cursor.Residue() is { } residue) message.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var builder = new PayloadBuilder().Objects("resource", message.ResourceDescriptions, (b, r) => b
            .String("resourceId", r.ResourceId)
            .String("orgId", r.OrganizationId)
            .String("name", r.Name)
            .String("resourceType", r.ResourceType)
            .String("nature", r.Nature)
            .String("mobility", r.Mobility)
            .String("capacity", r.Capacity)
            .Objects("contacts", r.Contacts, (k, c) => k.String("type", c.Type).String("details", c.Details)));
        Residue.MergeInto(builder.Node, message.Preserved.GetValueOrDefault(Family));
        return builder.Node;
    }
}
