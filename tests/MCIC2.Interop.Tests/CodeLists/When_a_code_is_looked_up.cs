using MCIC2.Interop.CanonicalModel.CodeLists;

namespace MCIC2.Interop.Tests.CodeLists;

[TestClass]
public sealed class When_a_code_is_looked_up
{
    [TestMethod]
    public void A_nature_de_fait_has_its_label_and_its_parents()
    {
        var natures = Nomenclatures.Get(Nomenclatures.NatureDeFait);

        Assert.AreEqual("Véhicule léger, fourgon", natures.LabelOf("C01.01.01"));
        Assert.AreEqual(3, natures.Find("C01.01.01")!.Level);
        CollectionAssert.AreEqual(new[] { "C01.01.01", "C01.01.00", "C01.00.00" }, natures.Lineage("C01.01.01").Select(e => e.Code).ToArray());
        Assert.AreEqual("Accident de la circulation", natures.ParentOf("C01.01.00")!.Label);
    }

    [TestMethod]
    public void A_two_level_list_and_a_flat_list_load_too()
    {
        Assert.AreEqual("M01.00", Nomenclatures.Get(Nomenclatures.HealthMotive).ParentOf("M01.01")!.Code);
        Assert.AreEqual("Accidentel", Nomenclatures.Get("EMSI-EVENT.CAUSE").LabelOf("ACC"));
        Assert.IsNull(Nomenclatures.Get("EMSI-EVENT.CAUSE").ParentOf("ACC"));
    }

    [TestMethod]
    public void Every_shipped_list_loads_with_entries_and_no_dangling_parent()
    {
        Assert.IsGreaterThanOrEqualTo(40, Nomenclatures.Names.Count);
        foreach (var name in Nomenclatures.Names)
        {
            var list = Nomenclatures.Get(name);
            Assert.IsNotEmpty(list.Entries, name);
            foreach (var entry in list.Entries.Where(e => e.ParentCode is not null))
            {
                Assert.IsTrue(list.Contains(entry.ParentCode!), $"{name}: {entry.Code} names a parent {entry.ParentCode} missing from the list");
            }
        }
    }

    [TestMethod]
    public void A_code_missing_from_a_list_is_not_found_and_an_unknown_list_is_named_in_the_error()
    {
        Assert.IsFalse(Nomenclatures.Get(Nomenclatures.HealthMotive).Contains("M01.01.09"));
        var error = Assert.ThrowsExactly<KeyNotFoundException>(() => Nomenclatures.Get("HubSante.nope"));
        StringAssert.Contains(error.Message, "HubSante.fait");
    }
}
