using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

[TestClass]
public sealed class When_an_EMSI_message_round_trips_through_canonical
{
    [TestMethod]
    [DataRow(EmsiExamples.OperationGlobale)]
    [DataRow(EmsiExamples.DemandeConcours)]
    public void It_comes_back_identical(string example)
    {
        var payload = EmsiExamples.Payload(example);

        var written = new EmsiMapper().Write(EmsiExamples.Read(payload));

        EmsiExamples.AssertSameTree(payload, written);
    }

    [TestMethod]
    [DataRow(EmsiExamples.OperationGlobale)]
    [DataRow(EmsiExamples.DemandeConcours)]
    public void The_residue_holds_only_what_the_model_does_not(string example)
    {
        var incident = EmsiExamples.Read(EmsiExamples.Payload(example)).Incident!;

        var residue = incident.Preserved[MessageFamilies.Emsi]!.AsObject();
        Assert.IsFalse(residue["EVENT"]!.AsObject().ContainsKey("ID"));
        Assert.IsFalse(residue["EVENT"]!.AsObject().ContainsKey("DECL_DATIME"));
        Assert.IsFalse(residue["CONTEXT"]!.AsObject().ContainsKey("FREETEXT"));
    }

    [TestMethod]
    public void Shapes_address_lines_event_texts_and_extra_places_come_back_identical()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.OperationGlobale);
        var evt = payload["EVENT"]!.AsObject();
        evt["FREETEXT"] = "Cycliste au sol, trafic dense";
        var position = evt["EGEO"]![0]!["POSITION"]!.AsObject();
        position["TYPE"] = "POLYGON";
        position["COORD"]!.AsArray().Add(new JsonObject { ["LAT"] = 45.7602m, ["LONG"] = 4.8307m });
        position["ADDRESS"]!.AsArray().Add("Accès par le quai bas");
        evt["EGEO"]!.AsArray().Add(new JsonObject { ["TYPE"] = "GEN/ROUTE", ["FREETEXT"] = "Zone de déviation" });
        evt["CASUALTIES"]!.AsArray().Add(new JsonObject { ["CONTEXT"] = "REQ_ACTION", ["TRIAGERED"] = 12 });
        payload["RESOURCE"]![0]!.AsObject().Remove("FREETEXT");

        var message = EmsiExamples.Read(payload);
        var written = new EmsiMapper().Write(message);

        EmsiExamples.AssertSameTree(payload, written);
        Assert.AreEqual("Cycliste au sol, trafic dense", EmsiDetails.Get(message.Incident!, EmsiDetails.EventFreeText));
        Assert.AreEqual("8 Quai des Célestins, Lyon\nAccès par le quai bas", message.Incident!.Location!.Address!.Complete);
        Assert.AreEqual("BEAUCOUP", message.Incident.Qualification!.Victims!.Count);
    }

    [TestMethod]
    public void A_place_without_position_comes_back_without_one()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.DemandeConcours);
        payload["EVENT"]!["EGEO"]![0]!.AsObject().Remove("POSITION");

        EmsiExamples.AssertSameTree(payload, new EmsiMapper().Write(EmsiExamples.Read(payload)));
    }

    [TestMethod]
    public void The_model_carries_the_event()
    {
        var incident = EmsiExamples.Read(EmsiExamples.Payload(EmsiExamples.OperationGlobale)).Incident!;

        Assert.AreEqual("DRFR15690240430050", incident.Identity.EmsiEventId);
        Assert.AreEqual("fr.health.samu690.DRFR15690240430050", incident.Identity.EmsiMainEventId);
        Assert.AreEqual("fr.health.samu690.DRFR15690240430050", incident.Identity.CaseId);
        Assert.AreEqual(DateTimeOffset.Parse("2024-01-09T16:01:00+01:00"), incident.CreatedAt);
        Assert.AreEqual("Incident sur voix cyclable", EmsiDetails.Get(incident, EmsiDetails.EventName));
        Assert.AreEqual("Gène de plus en plus importante à la circulation, risque accident", incident.Notes.Single().Text);
        Assert.AreEqual(45.760169m, incident.Location!.Point!.Latitude);
        Assert.AreEqual(4.830608m, incident.Location.Point.Longitude);
        Assert.AreEqual(168m, incident.Location.Point.Height);
        Assert.AreEqual("8 Quai des Célestins, Lyon", incident.Location.Address!.Complete);
        Assert.AreEqual("Quai des Célestins", incident.Location.Name);
        Assert.AreEqual(EmsiExamples.Provenance, incident.Location.Provenance);
        Assert.AreEqual("PLUSIEURS", incident.Qualification!.Victims!.Count);
        StringAssert.Contains(incident.Qualification.Victims.FreeText, "urgence relative (jaune) 1");
    }

    [TestMethod]
    public void A_resource_is_engaged_on_its_mission()
    {
        var resource = EmsiExamples.Read(EmsiExamples.Payload(EmsiExamples.OperationGlobale)).Incident!.Resources.Single();

        Assert.AreEqual("77_22245#VSAV2", resource.ResourceId);
        Assert.AreEqual("VSAV 2 caserne SDIS69", resource.Name);
        Assert.AreEqual("fr.fire.cgo690", resource.OrganizationId);
        Assert.AreEqual("ABC1YU3458", resource.MissionId);
        Assert.AreEqual("ABC1YU3457", resource.OperationId);
        CollectionAssert.AreEqual(new[] { "IMMATRICULATION#AJ-76-MZ" }, resource.FreeText);
    }

    [TestMethod]
    public void An_existing_case_id_is_not_overridden_by_the_main_event_id()
    {
        var message = new CanonicalMessage { Family = MessageFamilies.Emsi, Incident = new() };
        message.Incident.Identity.CaseId = "fr.fire.sis069.cgo-069.42";

        new EmsiMapper().Read(EmsiExamples.Payload(EmsiExamples.OperationGlobale), message, EmsiExamples.Provenance);

        Assert.AreEqual("fr.fire.sis069.cgo-069.42", message.Incident.Identity.CaseId);
        Assert.AreEqual("fr.health.samu690.DRFR15690240430050", message.Incident.Identity.EmsiMainEventId);
    }
}
