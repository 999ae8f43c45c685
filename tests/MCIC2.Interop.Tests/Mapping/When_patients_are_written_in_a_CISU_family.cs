using System.Text;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
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
        message.Incident!.Qualification!.Victims!.Patients.Add(new Patient
        {
            Id = "fr.health.samu35.DRFR15350242370035.patient.1",
            Kind = "ADULTE",
            Triage = TriageCategory.Red,
            Details = new PatientDetails
            {
                Name = new PersonName { Complete = "Lucienne MARCHAND", LastName = "MARCHAND", FirstName = "Lucienne" },
                BirthDate = new DateOnly(1951, 2, 3),
                Sex = PatientSex.Female,
                Condition = "arrêt cardio-respiratoire récupéré",
                MedicalNotes = [new Note { CreatedAt = PartnerMessages.Morning, Text = "sous anticoagulants" }],
            },
        });
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

        foreach (var secret in new[] { "MARCHAND", "Lucienne", "1951-02-03", "arrêt cardio-respiratoire", "anticoagulants", "patient.1" })
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
