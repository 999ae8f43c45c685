using System.Text;
using MCIC2.Interop.Adapters.Cisu;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>Patient identities and FHIR content go to health services only, and the health motive not to the forces:
/// everything the CORG, CIC and SDIS actors received in all the shipped scenarios is inspected.</summary>
[TestClass]
public sealed class When_the_scenarios_deliver_to_partners_that_are_not_health_services
{
    private static readonly string[] NotHealth = ["fr.gendarmerie.", "fr.police.", "fr.fire."];

    [TestMethod]
    public async Task No_patient_identity_and_no_FHIR_content_reaches_the_CORG_the_CIC_or_the_SDIS()
    {
        var inspected = new Dictionary<string, int> { ["fr.gendarmerie."] = 0, ["fr.police."] = 0, ["fr.fire."] = 0 };
        foreach (var name in ScenarioRun.ShippedNames)
        {
            var run = await ScenarioRun.PlayAsync(name);
            foreach (var delivery in run.Received)
            {
                if (NotHealth.FirstOrDefault(p => delivery.PartnerId.StartsWith(p, StringComparison.Ordinal)) is not { } kind) continue;
                inspected[kind]++;
                var where = $"{name}: delivery {delivery.DeliveryId} to {delivery.PartnerId}";
                Assert.DoesNotContain("fhir", delivery.ContentType, where);
                var text = Encoding.UTF8.GetString(delivery.Body);
                Assert.DoesNotContain("resourceType", text, $"{where} carries FHIR content");
                Assert.DoesNotContain("patientId", text, $"{where} names a patient");
                var incident = CisuCodec.Shared.Decode(delivery.Body).Message.Incident;
                var victims = incident?.Qualification?.Victims;
                Assert.IsTrue(victims is null || victims.Patients.All(p => p.Details is null), $"{where} carries a patient's details");
                if (kind == "fr.fire." || incident is null) continue;
                // The forces get the victims' count and kind, never the health motive (medicalConfidentiality, shipped rules).
                var qualifications = new[] { incident.Qualification }.Concat(incident.Alerts.Select(a => a.Qualification)).OfType<CanonicalModel.Incidents.Qualification>();
                Assert.IsTrue(qualifications.All(q => q.HealthMotive is null), $"{where} carries a health motive");
                Assert.IsTrue(qualifications.All(q => q.Victims?.Patients.All(p => p.Triage is null) != false), $"{where} carries a patient's triage");
            }
        }
        // The inspection saw real traffic to each kind of partner (a handover to the CORG, cases to CICs and SDIS).
        foreach (var (kind, count) in inspected) Assert.IsGreaterThan(0, count, $"nothing was delivered to {kind}* in the scenarios");
    }
}
