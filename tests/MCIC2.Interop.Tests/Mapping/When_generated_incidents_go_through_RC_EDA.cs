using System.Text.Json.Nodes;
using CsCheck;
using MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;
using MCIC2.Interop.Adapters.Cisu.Mapping.Resources;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Mapping;

/// <summary>Property-based: any incident the model can hold survives canonical → CISU payload → canonical.</summary>
[TestClass]
public sealed class When_generated_incidents_go_through_RC_EDA
{
    [TestMethod]
    public void A_case_comes_back_with_every_interpreted_field()
    {
        IncidentGenerators.Incident.Sample(incident =>
        {
            var mapper = new CaseCreationMapper();
            var original = new CanonicalMessage { Family = MessageFamilies.CaseCreation, Incident = incident };
            var payload = mapper.Write(original);

            var reread = new CanonicalMessage { Family = MessageFamilies.CaseCreation };
            mapper.Read(payload, reread, new Provenance(null, null, "RC-EDA"));
            reread.Incident!.Preserved.Remove("RC-EDA"); // only the nomenclature version the writer added

            TreeAssert.JsonEqual(Comparable(original), Comparable(reread));
        }, iter: 300);
    }

    [TestMethod]
    public void Engaged_resources_come_back_with_their_current_status()
    {
        IncidentGenerators.Resources.Sample(resources =>
        {
            var mapper = new ResourcesInfoMapper();
            var original = new CanonicalMessage
            {
                Family = MessageFamilies.ResourcesInfo,
                Incident = new Incident { Identity = { CaseId = "fr.health.samu690.DRFR15690240430050" }, Resources = resources },
            };
            var reread = new CanonicalMessage { Family = MessageFamilies.ResourcesInfo };
            mapper.Read(mapper.Write(original), reread, new Provenance(null, null, "RC-RI"));

            TreeAssert.JsonEqual(Comparable(original), Comparable(reread));
        }, iter: 300);
    }

    /// <summary>The canonical JSON without what the reader adds by itself (provenance, timeline).</summary>
    private static JsonNode Comparable(CanonicalMessage message)
    {
        var node = JsonNode.Parse(CanonicalJson.Write(message))!;
        Strip(node);
        return node;

        static void Strip(JsonNode? n)
        {
            if (n is JsonObject o)
            {
                o.Remove("provenance");
                o.Remove("timeline");
                foreach (var (_, v) in o.ToList()) Strip(v);
            }
            else if (n is JsonArray a) foreach (var v in a) Strip(v);
        }
    }
}

internal static class IncidentGenerators
{
    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyzéèàç' -"], 1, 20];
    private static readonly Gen<string> Id = Gen.String[Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"], 3, 12];

    /// <summary>CISU times: whole seconds and an offset in quarter hours, as partners send them.</summary>
    private static readonly Gen<DateTimeOffset> Time =
        Gen.Select(Gen.Long[new DateTime(2020, 1, 1).Ticks / TimeSpan.TicksPerSecond, new DateTime(2030, 1, 1).Ticks / TimeSpan.TicksPerSecond], Gen.Int[-12 * 4, 14 * 4],
            (seconds, quarters) => new DateTimeOffset(new DateTime(seconds * TimeSpan.TicksPerSecond), TimeSpan.FromMinutes(quarters * 15)));

    private static readonly Gen<decimal> Latitude = Gen.Long[-900_000_000, 900_000_000].Select(v => v / 10_000_000m);
    private static readonly Gen<decimal> Longitude = Gen.Long[-1_800_000_000, 1_800_000_000].Select(v => v / 10_000_000m);

    private static Gen<CodedValue> CodeFrom(string list)
    {
        var codes = Nomenclatures.Get(list).Entries.ToArray();
        return Gen.Frequency(
            (9, Gen.OneOf(codes).Select(e => new CodedValue { Code = e.Code, Label = e.Label })),
            (1, Gen.Int[10, 99].Select(n => new CodedValue { Code = $"M01.01.{n}", Label = "code plus récent que la liste", Unlisted = !Nomenclatures.Get(list).Contains($"M01.01.{n}") })));
    }

    private static readonly Gen<GeoPoint> Point = Gen.Select(Latitude, Longitude, Gen.OneOf("ADRESSE", "VILLE", "EXACTE", "QUARTIER"),
        (lat, lon, precision) => new GeoPoint { Latitude = lat, Longitude = lon, Precision = precision });

    private static readonly Gen<IncidentLocation> Location = Gen.Select(Id, Word, Gen.String[Gen.Char["0123456789"], 5, 5], Point, Time, Word.Null(), Gen.Int[0, 3].SelectMany(n => Gen.Select(Word, Word, (a, b) => new ExternalLocationId { Source = a, Value = b }).List[n, n]),
        (id, name, insee, point, at, free, ids) => new IncidentLocation
        {
            LocationId = id,
            Name = name,
            Address = new Address { Complete = $"19 rue {name}", Number = "19", Way = new WayName { Complete = $"rue {name}", Type = "Rue", Name = name } },
            Commune = new Commune { Name = name, InseeCode = insee },
            Point = point,
            PositionTime = at,
            ExternalIds = ids,
            Country = "FR",
            FreeText = free,
        });

    private static readonly Gen<Qualification> Qualification = Gen.Select(CodeFrom(Nomenclatures.NatureDeFait), CodeFrom(Nomenclatures.LocationKind).Null(), CodeFrom(Nomenclatures.HealthMotive).Null(), CodeFrom(Nomenclatures.Risk).List[0, 3], Gen.OneOf("0", "1", "PLUSIEURS", "INCONNU", "NON DEFINI"),
        (nature, kind, motive, risks, count) => new Qualification { Nature = nature, LocationKind = kind, HealthMotive = motive, Risks = risks, Victims = new Victims { Count = count } });

    private static readonly Gen<Alert> Alert = Gen.Select(Id, Time, Location, Qualification, Word, Gen.Select(Time, Word, (at, text) => new Note { CreatedAt = at, Text = text }).List[0, 3],
        (id, at, location, qualification, caller, notes) => new Alert
        {
            Id = id,
            ReceivedAt = at,
            Reporting = "STANDARD",
            Caller = new Caller { Contact = new Contact { Channel = "PERSONNE", Type = "TEL", Detail = "+33600000000" }, Type = "TIERS", Name = new PersonName { Complete = caller } },
            Location = location,
            Qualification = qualification,
            CallTaker = new CallTaker { Organization = "fr.police.cic35", ControlRoom = "CIC35" },
            Notes = notes,
        });

    public static readonly Gen<Incident> Incident = Gen.Select(Id, Time, Qualification, Location, Alert.List[0, 3], Word.List[0, 2],
        (id, created, qualification, location, alerts, notes) => new Incident
        {
            Identity = { CaseId = $"fr.police.cic35.{id}", SenderCaseId = id },
            CreatedAt = created,
            Qualification = qualification,
            Location = location,
            Alerts = alerts,
            Notes = notes.Select(n => new Note { Text = n }).ToList(),
        });

    public static readonly Gen<List<EngagedResource>> Resources = Gen.Select(Id, Time, Gen.OneOf("SIS", "SMUR", "POL", "GEND"), Gen.OneOf("DECISION", "DEPART", "ARRIVEE", "FIN"), Gen.Bool.Nullable(), Point,
        (id, at, type, status, available, point) => new EngagedResource
        {
            ResourceId = $"fr.fire.sis035.resource.{id}",
            DescribedAt = at,
            VehicleType = type,
            StatusHistory = [new ResourceStatus { Status = status, At = at, Available = available }],
            Position = new ResourcePosition { At = at, Point = new GeoPoint { Latitude = point.Latitude, Longitude = point.Longitude } },
        }).List[1, 4];
}
