using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;

/// <summary>RC-EDA <c>location</c>: address, commune (INSEE code), access details, WGS-84 point.</summary>
internal static class LocationPart
{
    public static IncidentLocation Read(PayloadCursor c, Provenance provenance)
    {
        var location = new IncidentLocation
        {
            LocationId = c.String("locID"),
            Label = c.String("locLabel"),
            Name = c.String("name"),
            ExternalIds = c.Objects("externalLocationId", e => new ExternalLocationId { Source = e.RequiredString("source"), Value = e.RequiredString("value") }),
            Address = c.Object("detailedAddress", a => new Address
            {
                Complete = a.String("complete"),
                Number = a.String("number"),
                Way = a.Object("wayName", w => new WayName { Complete = w.String("complete"), Type = w.String("type"), Name = w.String("name") }),
            }),
            Commune = c.Object("city", city => new Commune { Name = city.String("name"), InseeCode = city.String("inseeCode"), Detail = city.String("detail") }),
            Access = c.Object("access", ReadAccess),
            Provenance = provenance,
        };
        c.Object("geometry", g =>
        {
            location.PositionTime = g.Time("datetime");
            location.Point = g.Object("point", p => p.Object("coord", CoordPart.Read));
            location.Sketch = g.String("sketch");
            return location;
        });
        location.ExternalInfo = c.Objects("externalInfo", e => new ExternalInfo { FreeText = e.RequiredString("freetext"), Type = e.RequiredString("type"), Uri = e.RequiredString("uri") });
        location.Country = c.String("country");
        location.FreeText = c.String("freetext");
        return location;
    }

    public static void Write(PayloadBuilder b, IncidentLocation l) => b
        .String("locID", l.LocationId)
        .String("locLabel", l.Label)
        .String("name", l.Name)
        .Objects("externalLocationId", l.ExternalIds, (e, id) => e.String("source", id.Source).String("value", id.Value))
        .Object("detailedAddress", l.Address, (a, address) => a
            .String("complete", address.Complete)
            .String("number", address.Number)
            .Object("wayName", address.Way, (w, way) => w.String("complete", way.Complete).String("type", way.Type).String("name", way.Name)))
        .Object("city", l.Commune, (city, commune) => city.String("name", commune.Name).String("inseeCode", commune.InseeCode).String("detail", commune.Detail))
        .Object("access", l.Access, WriteAccess)
        .Object("geometry", l.PositionTime is null && l.Point is null && l.Sketch is null ? null : l, (g, geo) => g
            .Time("datetime", geo.PositionTime)
            .Object("point", geo.Point, (p, point) => p.Object("coord", point, CoordPart.Write))
            .String("sketch", geo.Sketch))
        .Objects("externalInfo", l.ExternalInfo, (e, info) => e.String("freetext", info.FreeText).String("type", info.Type).String("uri", info.Uri))
        .String("country", l.Country)
        .String("freetext", l.FreeText);

    private static AccessDetails ReadAccess(PayloadCursor a) => new()
    {
        Floor = a.String("floor"),
        RoomNumber = a.String("roomNumber"),
        Interphone = a.String("interphone"),
        AccessCodes = a.Strings("accessCode"),
        Elevator = a.String("elevator"),
        BuildingName = a.String("buildingName"),
        Entrance = a.String("entrance"),
        Entity = a.String("entity"),
        PhoneNumber = a.String("phoneNumber"),
    };

    private static void WriteAccess(PayloadBuilder a, AccessDetails access) => a
        .String("floor", access.Floor)
        .String("roomNumber", access.RoomNumber)
        .String("interphone", access.Interphone)
        .Strings("accessCode", access.AccessCodes)
        .String("elevator", access.Elevator)
        .String("buildingName", access.BuildingName)
        .String("entrance", access.Entrance)
        .String("entity", access.Entity)
        .String("phoneNumber", access.PhoneNumber);
}
