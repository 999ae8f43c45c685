using System.Text;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Tests.Adapters.Fhir;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Mapping;

/// <summary>CISU messages go to every partner (CIC, CORG, SDIS): what identifies a patient or is medical never goes in
/// them, not even as free text.</summary>
[TestClass]
public sealed class When_patients_are_written_in_a_CISU_family
{
    private static CanonicalMessage FireCaseWithAnIdentifiedVictim()
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, "fr.health.samu35", "fr.health.samu35_PATIENT-1", PartnerMessages.Morning);
        var patient = FhirMessages.RaymondeLeccia();
        // Another name than the corpus's: its free text already names Raymonde LECCIA, as CISU partners shared it.
        patient.Details!.Name = new PersonName { Complete = "Lucienne MARCHAND", LastName = "MARCHAND", FirstName = "Lucienne" };
        message.Incident!.Qualification!.Victims!.Patients.Add(patient);
        return message;
    }

    [TestMethod]
    [DataRow(MessageFamilies.CaseCreation, CisuEncoding.Json)]
    [DataRow(MessageFamilies.CaseCreation, CisuEncoding.Xml)]
    [DataRow(MessageFamilies.Emsi, CisuEncoding.Json)]
    [DataRow(MessageFamilies.Emsi, CisuEncoding.Xml)]
    public void No_identity_nor_medical_data_is_written(string family, CisuEncoding encoding)
    {
        var written = Encoding.UTF8.GetString(CisuCodec.Shared.Encode(FireCaseWithAnIdentifiedVictim(), encoding, family));

        foreach (var secret in new[] { "MARCHAND", "Lucienne", "1993-04-12", "inconsciente", "Glasgow", "patient.1" })
        {
            Assert.DoesNotContain(secret, written, $"{family} {encoding}");
        }
    }

    [TestMethod]
    public void The_count_and_kind_of_victims_still_are()
    {
        var written = CisuCodec.Shared.Decode(CisuCodec.Shared.Encode(FireCaseWithAnIdentifiedVictim(), CisuEncoding.Json)).Message;

        var victims = written.Incident!.Qualification!.Victims!;
        Assert.AreEqual(("NON DEFINI", "ADULTE"), (victims.Count, victims.MainVictim));
        Assert.IsEmpty(victims.Patients);
    }
}
