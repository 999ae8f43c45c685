using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping;
using MCIC2.Interop.Adapters.Cisu.Mapping.Acknowledgements;
using MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;
using MCIC2.Interop.Adapters.Cisu.Mapping.Geolocation;
using MCIC2.Interop.Adapters.Cisu.Mapping.Resources;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Mapping;

[TestClass]
public sealed class When_a_CISU_example_goes_through_canonical
{
    private static readonly Dictionary<string, IPayloadMapper> MappersByRootKey = new()
    {
        ["createCase"] = new CaseCreationMapper(),
        ["resourcesInfoCisu"] = new ResourcesInfoMapper(),
        ["reference"] = new ReferenceMapper(),
        ["error"] = new ErrorReportMapper(),
        ["geoPositionsUpdate"] = new GeoPositionsMapper(),
        ["geoResourcesRequest"] = new GeoRequestMapper(),
        ["geoResourcesDetails"] = new GeoResourcesMapper(),
    };

    public static IEnumerable<object[]> NonEmsiExamples =>
        Corpus.Files("examples", ".json").Where(row => !((string)row[0]).Contains("EMSI", StringComparison.Ordinal));

    [TestMethod]
    [DynamicData(nameof(NonEmsiExamples))]
    public void It_comes_back_identical_even_through_canonical_JSON(string example)
    {
        var document = (JsonObject)Corpus.ReadJson(example);
        var (rootKey, payload) = document.Single();
        var mapper = MappersByRootKey[rootKey];
        var message = new CanonicalMessage { Family = mapper.Family };
        mapper.Read((JsonObject)payload!, message, new Provenance("test", null, mapper.Family));

        var reread = CanonicalJson.Read(CanonicalJson.Write(message));
        var written = mapper.Write(reread);

        TreeAssert.JsonEqual(payload, written);
    }

    [TestMethod]
    public void The_house_fire_case_is_interpreted_not_merely_carried()
    {
        var payload = (JsonObject)Corpus.ReadJson("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json")["createCase"]!;
        var message = new CanonicalMessage { Family = MessageFamilies.CaseCreation };
        new CaseCreationMapper().Read(payload, message, new Provenance("fr.fire.sis035", null, "RC-EDA"));

        var incident = message.Incident!;
        Assert.AreEqual("fr.fire.CGA_national.SC-20240813-CGA_national-AT517", incident.Identity.CaseId);
        Assert.AreEqual("C04.02.01", incident.Qualification!.Nature!.Code);
        Assert.IsFalse(incident.Qualification.Nature.Unlisted);
        Assert.AreEqual("35580", incident.Location!.Commune!.InseeCode);
        Assert.AreEqual(47.9657986m, incident.Location.Point!.Latitude);
        Assert.AreEqual(new DateTimeOffset(2024, 8, 13, 10, 20, 0, TimeSpan.FromHours(2)), incident.CreatedAt);
        Assert.AreEqual("+33608310965", incident.Alerts.Single().Caller!.Contact!.Detail);
        // Only the nomenclature version is carried blind: every other field of the example is interpreted.
        TreeAssert.JsonEqual(new JsonObject { ["referenceVersion"] = "2.01.3" }, incident.Preserved["RC-EDA"]);
    }

    [TestMethod]
    public void A_well_formed_code_missing_from_the_list_is_kept_and_flagged()
    {
        var payload = (JsonObject)Corpus.ReadJson("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json")["createCase"]!;
        payload["qualification"]!["healthMotive"]!["code"] = "M01.01.07";
        var message = new CanonicalMessage { Family = MessageFamilies.CaseCreation };
        new CaseCreationMapper().Read(payload, message, new Provenance(null, null, "RC-EDA"));

        var motive = message.Incident!.Qualification!.HealthMotive!;
        Assert.AreEqual("M01.01.07", motive.Code);
        Assert.IsTrue(motive.Unlisted);
        Assert.AreEqual("M01.01.07", new CaseCreationMapper().Write(message)["qualification"]!["healthMotive"]!["code"]!.GetValue<string>());
    }
}
