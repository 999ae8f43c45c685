using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

[TestClass]
public sealed class When_an_EMSI_request_for_assistance_is_read
{
    private static AssistanceRequest ReadRequest(JsonObject payload) =>
        EmsiExamples.Read(payload).Incident!.AssistanceRequests.Single();

    [TestMethod]
    public void The_mission_becomes_a_request_with_its_fields()
    {
        var request = ReadRequest(EmsiExamples.Payload(EmsiExamples.DemandeConcours));

        Assert.AreEqual("ABC1YU3454", request.Id);
        Assert.AreEqual("CARENCE", request.Reason);
        Assert.AreEqual("Z.01.00.00", request.RequestedCode);
        Assert.AreEqual("FSTT/TA", request.MissionType);
        Assert.AreEqual("Besoin d'assisance terrain pour gérer perturbations et sécuriser le site d'intervention.", request.FreeText);
        Assert.AreEqual(DateTimeOffset.Parse("2023-11-03T10:20:00+01:00"), request.RequestedAt);
        Assert.AreEqual("3", request.Priority);
        Assert.AreEqual("fr.health.samu690", request.RequestingOrganization);
        Assert.AreEqual(EmsiExamples.Provenance, request.Provenance);
        Assert.IsEmpty(request.Answers);
    }

    [TestMethod]
    public void Ordinary_missions_are_not_requests()
    {
        var incident = EmsiExamples.Read(EmsiExamples.Payload(EmsiExamples.OperationGlobale)).Incident!;

        Assert.IsEmpty(incident.AssistanceRequests);
    }

    [TestMethod]
    [DataRow("ACCEPTE", AssistanceAnswerKind.Accepted)]
    [DataRow("REFUS", AssistanceAnswerKind.Refused)]
    [DataRow("PARTIELLE", AssistanceAnswerKind.Partial)]
    [DataRow("DIVERGENTE", AssistanceAnswerKind.Divergent)]
    public void An_answer_naming_its_request_as_parent_is_linked_with_its_kind(string kind, AssistanceAnswerKind expected)
    {
        var payload = EmsiExamples.Payload(EmsiExamples.DemandeConcours);
        payload["MISSION"]!.AsArray().Add(Answer($"#REPONSE_DEMANDE_CONCOURS#{kind}#", "ABC1YU3460", parent: "ABC1YU3454", freeText: "Un VSAV part de Lyon 2"));

        var answer = ReadRequest(payload).Answers.Single();

        Assert.AreEqual(expected, answer.Kind);
        Assert.AreEqual("Un VSAV part de Lyon 2", answer.Reason);
        Assert.AreEqual("fr.fire.cgo690", answer.AnsweringOrganization);
        Assert.AreEqual(DateTimeOffset.Parse("2023-11-03T10:25:00+01:00"), answer.At);
    }

    [TestMethod]
    public void An_answer_reusing_the_request_mission_id_is_linked_and_its_reason_comes_from_the_name()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.DemandeConcours);
        payload["MISSION"]!.AsArray().Add(Answer("#REPONSE_DEMANDE_CONCOURS#REFUS#PAS_DE_MOYEN_DISPONIBLE#", "ABC1YU3454", parent: null, freeText: null));

        var answer = ReadRequest(payload).Answers.Single();

        Assert.AreEqual(AssistanceAnswerKind.Refused, answer.Kind);
        Assert.AreEqual("PAS_DE_MOYEN_DISPONIBLE", answer.Reason);
    }

    [TestMethod]
    public void A_request_with_its_answer_round_trips_identical()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.DemandeConcours);
        payload["MISSION"]!.AsArray().Add(Answer("#REPONSE_DEMANDE_CONCOURS#PARTIELLE#", "ABC1YU3460", parent: "ABC1YU3454", freeText: "Un seul VSAV"));

        var written = new EmsiMapper().Write(EmsiExamples.Read(payload));

        EmsiExamples.AssertSameTree(payload, written);
    }

    [TestMethod]
    public void An_answer_without_its_request_is_kept_under_the_request_id_and_round_trips()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.DemandeConcours);
        payload["MISSION"] = new JsonArray(Answer("#REPONSE_DEMANDE_CONCOURS#ACCEPTE#", "SDIS-77", parent: "ABC1YU3454", freeText: "VSAV engagé"));

        var message = EmsiExamples.Read(payload);

        var request = message.Incident!.AssistanceRequests.Single();
        Assert.AreEqual("ABC1YU3454", request.Id);
        Assert.IsNull(request.Reason);
        Assert.AreEqual(AssistanceAnswerKind.Accepted, request.Answers.Single().Kind);
        EmsiExamples.AssertSameTree(payload, new EmsiMapper().Write(message));
    }

    [TestMethod]
    public void An_answer_added_to_the_model_is_written_as_a_mission_under_its_request()
    {
        var payload = EmsiExamples.Payload(EmsiExamples.DemandeConcours);
        var message = EmsiExamples.Read(payload);
        message.Incident!.AssistanceRequests[0].Answers.Add(new AssistanceAnswer
        {
            Kind = AssistanceAnswerKind.Accepted,
            Reason = "VSAV engagé",
            At = DateTimeOffset.Parse("2023-11-03T10:30:00+01:00"),
            AnsweringOrganization = "fr.police.cic069",
        });

        var missions = new EmsiMapper().Write(message)["MISSION"]!.AsArray();

        Assert.HasCount(2, missions);
        var answer = missions[1]!.AsObject();
        Assert.AreEqual("#REPONSE_DEMANDE_CONCOURS#ACCEPTE#", answer["NAME"]!.GetValue<string>());
        Assert.AreEqual("ABC1YU3454", answer["PARENT_MISSION_ID"]![0]!.GetValue<string>());
        Assert.AreEqual("VSAV engagé", answer["FREETEXT"]!.GetValue<string>());
        EmsiExamples.AssertSameTree(payload["MISSION"]![0]!, missions[0]!);
    }

    [TestMethod]
    public void A_request_changed_in_the_model_is_written_with_the_change()
    {
        var message = EmsiExamples.Read(EmsiExamples.Payload(EmsiExamples.DemandeConcours));
        message.Incident!.AssistanceRequests[0].Priority = "1";

        var mission = new EmsiMapper().Write(message)["MISSION"]![0]!;

        Assert.AreEqual("1", mission["PRIORITY"]!.GetValue<string>());
        Assert.AreEqual("IPR", mission["STATUS"]!.GetValue<string>());
    }

    private static JsonObject Answer(string name, string id, string? parent, string? freeText)
    {
        var mission = new JsonObject
        {
            ["TYPE"] = "FSTT/TA",
            ["ID"] = id,
            ["ORG_ID"] = "fr.fire.cgo690",
            ["NAME"] = name,
            ["STATUS"] = "IPR",
            ["START_TIME"] = "2023-11-03T10:25:00+01:00",
        };
        if (parent is not null) mission["PARENT_MISSION_ID"] = new JsonArray(parent);
        if (freeText is not null) mission["FREETEXT"] = freeText;
        return mission;
    }
}
