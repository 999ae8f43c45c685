using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Geolocation;

/// <summary>GEO-REQ <c>geoResourcesRequest</c>: a partner asks where a resource is.</summary>
public sealed class GeoRequestMapper : IPayloadMapper
{
    public string Family => MessageFamilies.GeoRequest;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.geoResourcesRequest");
        message.PositionRequest = new PositionRequest { ResourceIds = cursor.Strings("resourceId") };
        if (cursor.Residue() is { } residue) message.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var request = message.PositionRequest ?? throw new MappingException("$", "a GEO-REQ message needs a position request");
        var builder = new PayloadBuilder().Strings("resourceId", request.ResourceIds);
        Residue.MergeInto(builder.Node, message.Preserved.GetValueOrDefault(Family));
        return builder.Node;
    }
}
