using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.CodeLists;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

/// <summary>The table <c>etype-natures.csv</c>: EMSI <c>ETYPE</c> → CISU nature de fait, for RC-EDA partners.</summary>
[TestClass]
public sealed class When_an_EMSI_event_type_gives_a_nature
{
    [TestMethod]
    [DataRow("TRP/COL", "PPL", "C01.00.00", DisplayName = "a collision between persons: accident de la circulation")]
    [DataRow("TRP/COL", "VEH/BIC", "C01.01.04", DisplayName = "a bicycle collision: 2-roues")]
    [DataRow("TRP/CRS", "VEH/TRN/PAS", "C01.02.01", DisplayName = "a passenger train crash: train de voyageurs")]
    [DataRow("TRP/BRK", "VEH/CAR", "C11.05.02", DisplayName = "a car breakdown: dépannage véhicule, not an accident")]
    [DataRow("FIR/CLA", "BEV/RESDW", "C04.02.01", DisplayName = "a class A fire in housing: bâtiment d'habitation")]
    [DataRow("FIR", "VEH/AIR/ORD", "C04.01.00", DisplayName = "an aircraft fire: the vehicle family")]
    [DataRow("FIR/UKN", "PPL", "C04.00.00", DisplayName = "a fire, actor unmatched: incendie")]
    [DataRow("FLD/FLS", "PPL", "C08.01.00", DisplayName = "a flash flood: inondation")]
    [DataRow("PSW/MIS", "PPL/CHD", "C10.01.00", DisplayName = "a missing child: disparition d'individu")]
    [DataRow("PSW/MIS", "ANI/PET", "C03.07.00", DisplayName = "a missing pet: disparition d'animal")]
    [DataRow("ASR/WAT", "PPL", "C02.10.00", DisplayName = "a water rescue: noyade")]
    [DataRow("PSW/WNG", "PPL", EmsiNature.Default, DisplayName = "a warning: no CISU nature, autre")]
    [DataRow("ASB", "PPL", EmsiNature.Default, DisplayName = "antisocial behaviour: persons or goods, autre")]
    [DataRow("ASR/HGT", "VEH/CAR", EmsiNature.Default, DisplayName = "a rescue whose actor is a car: autre")]
    public void The_most_specific_row_gives_the_nature(string category, string actor, string nature)
    {
        var derived = EmsiNature.Of(EventType([category], [actor]));

        Assert.AreEqual(nature, derived.Code);
        Assert.AreEqual(Nomenclatures.Get(Nomenclatures.NatureDeFait).LabelOf(nature), derived.Label);
    }

    [TestMethod]
    public void No_event_type_gives_the_nature_autre()
    {
        var derived = EmsiNature.Of(null);

        Assert.AreEqual("C11.06.00", derived.Code);
        Assert.AreEqual("Autre nature de fait", derived.Label);
    }

    [TestMethod]
    public void The_first_category_a_row_covers_wins_whatever_comes_after()
    {
        Assert.AreEqual("C04.00.00", EmsiNature.Of(EventType(["PSW/WNG", "FIR", "TRP/COL"], ["PPL"])).Code);
        Assert.AreEqual("C01.00.00", EmsiNature.Of(EventType(["TRP/COL", "FIR"], ["PPL"])).Code);
    }

    [TestMethod]
    public void Every_row_names_codes_of_the_EMSI_and_CISU_lists()
    {
        var categories = EmsiSchemaCheck.EnumOf("etype", "CATEGORY");
        var actors = EmsiSchemaCheck.EnumOf("etype", "ACTOR");
        var natures = Nomenclatures.Get(Nomenclatures.NatureDeFait);

        Assert.IsTrue(EmsiNature.Table.Count > 50, "the table was read");
        foreach (var row in EmsiNature.Table)
        {
            Assert.Contains(row.Category, categories, $"{row}");
            if (row.Actor is { } actor) Assert.Contains(actor, actors, $"{row}");
            Assert.IsTrue(natures.Contains(row.Nature), $"{row}: {row.Nature} is not in HubSante.fait");
            Assert.IsFalse(string.IsNullOrWhiteSpace(row.Basis), $"{row} says where it comes from");
        }
        Assert.IsTrue(natures.Contains(EmsiNature.Default));
    }

    [TestMethod]
    public void Two_rows_never_claim_the_same_category_and_actor()
    {
        var duplicates = EmsiNature.Table.GroupBy(r => (r.Category, r.Actor)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.IsEmpty(duplicates, string.Join(", ", duplicates));
    }

    /// <summary>A nature sent to an EMSI partner (EmsiEventType) and translated back keeps its family, except for
    /// the two categories EMSI shares between CISU families: ASB (persons or goods) and PSW alone (public safety).</summary>
    [TestMethod]
    public void A_nature_sent_as_EMSI_and_back_keeps_its_family()
    {
        foreach (var (prefix, category) in EmsiEventType.Table.Where(e => e.Category is not ("ASB" or "PSW")))
        {
            var back = EmsiNature.Of(EventType([category], [EmsiDefaults.EventActor])).Code;

            StringAssert.StartsWith(back, prefix, $"{prefix} → {category} → {back}");
        }
    }

    private static JsonObject EventType(string[] categories, string[] actors) => new()
    {
        ["CATEGORY"] = new JsonArray(categories.Select(c => (JsonNode)c).ToArray()),
        ["ACTOR"] = new JsonArray(actors.Select(a => (JsonNode)a).ToArray()),
        ["LOCTYPE"] = new JsonArray("OTH"),
    };
}
