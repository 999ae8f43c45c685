using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

[TestClass]
public sealed class When_EMSI_casualties_go_through_canonical
{
    [TestMethod]
    public void Each_report_is_in_the_model_with_its_triage_counts()
    {
        var victims = EmsiExamples.Read(EmsiExamples.Payload(EmsiExamples.OperationGlobale)).Incident!.Qualification!.Victims!;

        var report = victims.Casualties.Single();
        Assert.AreEqual("REQ_ACTION", report.Context);
        Assert.AreEqual(DateTimeOffset.Parse("2024-01-09T16:01:00+01:00"), report.At);
        Assert.AreEqual((0, 1, 1, 0, 0, 0), (report.Red, report.Yellow, report.Green, report.Black, report.Missing, report.Decontaminate));
    }

    [TestMethod]
    public void They_leave_the_residue_and_are_written_back_from_the_model()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        payload["EVENT"]!["CASUALTIES"]!.AsArray().Add(new JsonObject { ["CONTEXT"] = "UPDATE", ["TRIAGERED"] = 2, ["TRIAGEBLACK"] = 1 });
        var message = EmsiExamples.Read(payload);
        var incident = message.Incident!;
        incident.Qualification!.Victims!.Casualties[1].Missing = 3;

        var written = new EmsiMapper().Write(message);

        Assert.IsFalse(incident.Preserved[MessageFamilies.Emsi]!["EVENT"]!.AsObject().ContainsKey("CASUALTIES"));
        Assert.AreEqual(3L, written["EVENT"]!["CASUALTIES"]![1]!["MISSING"]!.GetValue<long>());
        Assert.AreEqual("UPDATE", written["EVENT"]!["CASUALTIES"]![1]!["CONTEXT"]!.GetValue<string>());
        Assert.AreEqual("PLUSIEURS", incident.Qualification.Victims.Count, "the class of the latest report: 3 triaged");
    }
}
