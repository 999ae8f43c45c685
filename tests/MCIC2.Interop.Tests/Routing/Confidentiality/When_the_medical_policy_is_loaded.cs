using System.Text.Json.Nodes;
using MCIC2.Interop.Routing.Confidentiality;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Tests.Routing.Rules;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Confidentiality;

/// <summary>The <c>medicalConfidentiality</c> section of the rules is checked on load: a mistake is refused with its path.</summary>
[TestClass]
public sealed class When_the_medical_policy_is_loaded
{
    [TestMethod]
    public void The_shipped_rules_give_the_SAMU_everything_the_SDIS_the_CISU_fields_and_the_forces_none()
    {
        var policy = RuleSetLoader.LoadDefault(TestLinks.Catalog).Rules!.MedicalPolicy;

        CollectionAssert.AreEquivalent(Enum.GetValues<MedicalField>(), policy.ReceivedBy(PartnerKind.Samu).ToArray());
        CollectionAssert.AreEquivalent(new[] { MedicalField.HealthMotive, MedicalField.VictimNotes, MedicalField.PatientTriage }, policy.ReceivedBy(PartnerKind.Sdis).ToArray());
        Assert.IsEmpty(policy.ReceivedBy(PartnerKind.Cic));
        Assert.IsEmpty(policy.ReceivedBy(PartnerKind.Corg));
    }

    [TestMethod]
    public void A_SAMU_outside_the_health_domain_never_gets_patient_details()
    {
        var outside = new Partner("fr.police.samu-like", PartnerKind.Samu, "x", ["RC-EDA"], "canonical-json", "http", "http://127.0.0.1:1/x");

        Assert.IsFalse(MedicalPolicy.Shipped.Receives(outside, MedicalField.PatientDetails));
        Assert.IsTrue(MedicalPolicy.Shipped.Receives(outside, MedicalField.HealthMotive));
    }

    [TestMethod]
    [DataRow("""{ "sdis": ["healthMotive", "patientDetails"] }""", "$.medicalConfidentiality.sdis[1]", "health services only")]
    [DataRow("""{ "cic": ["bloodGroup"] }""", "$.medicalConfidentiality.cic[0]", "'bloodGroup' is not a medical field")]
    [DataRow("""{ "police": [] }""", "$.medicalConfidentiality.police", "'police' is not a partner kind")]
    [DataRow("""{ "corg": "healthMotive" }""", "$.medicalConfidentiality.corg", "not an array")]
    [DataRow("""["samu"]""", "$.medicalConfidentiality", "not an object")]
    public void A_mistake_is_refused_with_its_path(string section, string path, string reason)
    {
        using var rules = new RulesDirectory();
        rules.EditRules(r => r["medicalConfidentiality"] = JsonNode.Parse(section));

        var load = RuleSetLoader.LoadFile(rules.RulesFile, TestLinks.Catalog);

        Assert.IsFalse(load.Succeeded);
        var problem = load.Problems.Single();
        Assert.AreEqual(path, problem.Location, problem.ToString());
        Assert.Contains(reason, problem.Message, problem.ToString());
    }
}
