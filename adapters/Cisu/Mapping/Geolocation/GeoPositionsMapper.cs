using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Geolocation;

/// <summary>GEO-POS <c>geoPositionsUpdate</c>: the current positions of resources.</summary>
public sealed class GeoPositionsMapper : IPayloadMapper
{
    public string Family => MessageFamilies.GeoPositions;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.geoPositionsUpdate");
        message.Positions.AddRange(cursor.Objects("position", p => new PositionReport
        {
            ResourceId = p.RequiredString("resourceId"),
            At = p.RequiredTime("datetime"),
            Point = p.Object("coord", CoordPart.Read) ?? throw p.Missing("coord"),
            Speed = p.Decimal("speed"),
            Cap = p.Decimal("cap"),
            Move = p.String("move"),
            EngineOn = p.Boolean("engineOn"),
            GroundStatus = p.Boolean("groundStatus"),
            Status = p.String("status"),
            EngagedStatus = p.String("engagedStatus"),
        }));
        if (cursor.Residue() is { } residue) message.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var builder = new PayloadBuilder().Objects("position", message.Positions, (b, p) => b
            .String("resourceId", p.ResourceId)
            .Time("datetime", p.At)
            .Object("coord", p.Point, CoordPart.Write)
            .Decimal("speed", p.Speed)
            .Decimal("cap", p.Cap)
            .String("move", p.Move)
            .Boolean("engineOn", p.EngineOn)
            .Boolean("groundStatus", p.GroundStatus)
            .String("status", p.Status)
            .String("engagedStatus", p.EngagedStatus));
        Residue.MergeInto(builder.Node, message.Preserved.GetValueOrDefault(Family));
        return builder.Node;
    }
}
