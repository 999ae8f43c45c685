using System.Net;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.HubHost.Operators;
using MCIC2.Interop.Routing.Incidents;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Host.Operators;

/// <summary>
/// The operators' API of a running hub (embedded store) whose operators authenticate with tokens signed by a test key:
/// one case sent by the SDIS and routed to its partners, and a dead letter to the SAMU.
/// </summary>
[TestClass]
public sealed class When_operators_use_the_API
{
    private const string CaseId = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private static HubUnderTest _hub = null!;
    private static byte[] _posted = [];

    [ClassInitialize]
    public static async Task A_hub_with_a_case_and_a_dead_letter(TestContext _)
    {
        _hub = await HubUnderTest.StartAsync(null, OperatorTokens.HubSettings);
        _posted = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_OPS-1", TestClock.Now());
        var response = await _hub.PostAsync(_posted);
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        await _hub.WaitForAsync(l => l.Of("fr.gendarmerie.corg35").Count == 1 && l.Of(Samu).Count == 1 && l.Of(Sdis).Count == 1);
    }

    [ClassCleanup]
    public static async Task Stop() => await _hub.DisposeAsync();

    [TestMethod]
    public async Task Without_a_token_or_with_a_bad_one_the_API_answers_401()
    {
        var none = await Send(HttpMethod.Get, "/api/incidents", null);
        var otherKey = await Send(HttpMethod.Get, "/api/incidents", OperatorTokens.For("mallory", OperatorRoles.Administrator, key: "another-signing-key-that-nobody-trusts-0123"));
        var expired = await Send(HttpMethod.Get, "/api/incidents", OperatorTokens.For("alice", OperatorRoles.Viewer, expiresIn: TimeSpan.FromMinutes(-10)));

        Assert.AreEqual(HttpStatusCode.Unauthorized, none.Status);
        Assert.AreEqual(HttpStatusCode.Unauthorized, otherKey.Status);
        Assert.AreEqual(HttpStatusCode.Unauthorized, expired.Status);
        Assert.IsNull(none.DevelopmentMode, "a hub with a signing key is not in development mode");
    }

    [TestMethod]
    public async Task A_token_without_an_operators_role_is_403()
    {
        var answer = await Send(HttpMethod.Get, "/api/incidents", OperatorTokens.For("bob", role: null));

        Assert.AreEqual(HttpStatusCode.Forbidden, answer.Status);
    }

    [TestMethod]
    public async Task A_viewer_cannot_replay_or_discard_a_dead_letter_and_an_operator_replays_it_to_its_partner()
    {
        var deadLetter = await DeadLetterToSamuAsync("fr.fire.sdis35_OPS-1@fr.health.samu35.dead-1");
        var viewer = OperatorTokens.For("victor", OperatorRoles.Viewer);

        var listed = await Send(HttpMethod.Get, "/api/dead-letters", viewer);
        var replayByViewer = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/replay", viewer);
        var discardByViewer = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/discard", viewer);
        var replay = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/replay", OperatorTokens.For("olivia", OperatorRoles.Operator));
        var again = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/replay", OperatorTokens.For("olivia", OperatorRoles.Operator));

        Assert.AreEqual(HttpStatusCode.OK, listed.Status, "a viewer reads the dead letters");
        Assert.IsTrue(listed.Json!.AsArray().Any(d => d!["sequence"]!.GetValue<long>() == deadLetter));
        Assert.AreEqual(HttpStatusCode.Forbidden, replayByViewer.Status);
        Assert.AreEqual(HttpStatusCode.Forbidden, discardByViewer.Status);
        Assert.AreEqual(HttpStatusCode.OK, replay.Status, replay.Text);
        var replayed = replay.Json!["replayed"]![0]!;
        Assert.AreEqual("fr.fire.sdis35_OPS-1@fr.health.samu35.dead-1.replay-1", replayed["deliveryId"]!.GetValue<string>());
        Assert.AreEqual(HttpStatusCode.Conflict, again.Status, "already replayed");
        StringAssert.Contains(again.Text, "was already replayed as");
        await _hub.WaitForAsync(l => l.Of(Samu).Any(r => r.DeliveryId == "fr.fire.sdis35_OPS-1@fr.health.samu35.dead-1.replay-1"));
        var audit = await Send(HttpMethod.Get, "/api/audit?by=olivia", viewer);
        Assert.IsTrue(audit.Json!.AsArray().Any(e => e!["action"]!.GetValue<string>() == "dead-letter.replayed" && e["target"]!.GetValue<string>() == "fr.fire.sdis35_OPS-1@fr.health.samu35.dead-1"),
            audit.Text);
        Assert.IsFalse(audit.Json!.AsArray().Any(e => e!["actor"]!.GetValue<string>() == "victor" && e["action"]!.GetValue<string>() == "dead-letter.discarded"), "the refused discard left nothing done");
    }

    [TestMethod]
    public async Task An_operator_edits_a_dead_letter_and_its_partner_receives_the_corrected_bytes_while_a_broken_edit_is_refused()
    {
        var deadLetter = await DeadLetterToSamuAsync("fr.fire.sdis35_OPS-1@fr.health.samu35.dead-3");
        var first = (await Store.Outbox.FindAsync(deadLetter))!.Delivery.Body;
        var corrected = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, "fr.fire.sdis35_OPS-1-corrected", TestClock.Now());
        var operatorToken = OperatorTokens.For("olivia", OperatorRoles.Operator);

        var byViewer = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/edit", OperatorTokens.For("victor", OperatorRoles.Viewer), corrected);
        var broken = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/edit", operatorToken, "{\"not\": \"a message\"}"u8.ToArray());
        var edited = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/edit", operatorToken, corrected);

        Assert.AreEqual(HttpStatusCode.Forbidden, byViewer.Status);
        Assert.AreEqual(HttpStatusCode.BadRequest, broken.Status, broken.Text);
        Assert.IsNotNull(broken.Json!["problems"]![0]!["path"], "the refusal says where");
        Assert.AreEqual(HttpStatusCode.OK, edited.Status, edited.Text);
        var received = (await _hub.WaitForAsync(l => l.Of(Samu).Any(r => r.DeliveryId == "fr.fire.sdis35_OPS-1@fr.health.samu35.dead-3.replay-1")))
            .Of(Samu).First(r => r.DeliveryId == "fr.fire.sdis35_OPS-1@fr.health.samu35.dead-3.replay-1");
        CollectionAssert.AreEqual(corrected, received.Body);
        CollectionAssert.AreEqual(first, (await Store.Outbox.FindAsync(deadLetter))!.Delivery.Body, "the dead letter keeps what was first sent");
        var audit = await Send(HttpMethod.Get, "/api/audit?by=olivia", operatorToken);
        Assert.IsTrue(audit.Json!.AsArray().Any(e => e!["action"]!.GetValue<string>() == "dead-letter.edited" && e["target"]!.GetValue<string>() == "fr.fire.sdis35_OPS-1@fr.health.samu35.dead-3"),
            audit.Text);
    }

    [TestMethod]
    public async Task An_operator_discards_a_dead_letter_and_an_unknown_one_is_404()
    {
        var deadLetter = await DeadLetterToSamuAsync("fr.fire.sdis35_OPS-1@fr.health.samu35.dead-2");
        var operatorToken = OperatorTokens.For("olivia", OperatorRoles.Operator);

        var discarded = await Send(HttpMethod.Post, $"/api/dead-letters/{deadLetter}/discard", operatorToken);
        var unknown = await Send(HttpMethod.Post, "/api/dead-letters/999999/discard", operatorToken);

        Assert.AreEqual(HttpStatusCode.OK, discarded.Status, discarded.Text);
        Assert.AreEqual(DeliveryState.Discarded, (await Store.Outbox.FindAsync(deadLetter))!.State);
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.Status);
        StringAssert.Contains(unknown.Text, "there is no delivery 999999");
    }

    [TestMethod]
    public async Task Search_finds_the_case_by_case_id_reference_commune_and_nature_and_nothing_else()
    {
        var viewer = OperatorTokens.For("victor", OperatorRoles.Viewer);

        foreach (var query in new[] { $"caseId={CaseId}", "reference=SC-20240813-XXX-cga-AT517", "commune=35580", "commune=guichen", "nature=C04.02" })
        {
            var found = await Send(HttpMethod.Get, $"/api/incidents?{query}", viewer);
            Assert.AreEqual(HttpStatusCode.OK, found.Status, found.Text);
            CollectionAssert.AreEqual(new[] { CaseId }, found.Json!.AsArray().Select(i => i!["caseId"]!.GetValue<string>()).ToArray(), query);
        }
        var all = await Send(HttpMethod.Get, "/api/incidents", viewer);
        CollectionAssert.Contains(all.Json!.AsArray().Select(i => i!["caseId"]!.GetValue<string>()).ToList(), CaseId, "no criterion: every incident");
        foreach (var query in new[] { "commune=75056", "nature=C07", "reference=unknown", $"from={Uri.EscapeDataString(TestClock.Now().AddHours(1).ToString("o"))}" })
        {
            var none = await Send(HttpMethod.Get, $"/api/incidents?{query}", viewer);
            Assert.AreEqual(0, none.Json!.AsArray().Count, query);
        }
        var badTime = await Send(HttpMethod.Get, "/api/incidents?from=yesterday", viewer);
        Assert.AreEqual(HttpStatusCode.BadRequest, badTime.Status);
        Assert.AreEqual("from", badTime.Json!["problems"]![0]!["path"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task One_incident_comes_in_canonical_form_with_its_messages_their_deliveries_per_recipient_and_original_bytes()
    {
        var viewer = OperatorTokens.For("victor", OperatorRoles.Viewer);
        var key = (await Send(HttpMethod.Get, $"/api/incidents?caseId={CaseId}", viewer)).Json![0]!["key"]!.GetValue<string>();

        var incident = await Send(HttpMethod.Get, $"/api/incidents/{key}", viewer);
        var messages = await Send(HttpMethod.Get, $"/api/incidents/{key}/messages", viewer);
        var unknown = await Send(HttpMethod.Get, "/api/incidents/fr.police.cic35.nothing", viewer);

        Assert.AreEqual(HttpStatusCode.OK, incident.Status, incident.Text);
        Assert.AreEqual(CaseId, incident.Json!["incident"]!["identity"]!["caseId"]!.GetValue<string>());
        Assert.IsNotEmpty(incident.Json["incident"]!["timeline"]!.AsArray());
        Assert.AreEqual("C04.02.01", incident.Json["incident"]!["qualification"]!["nature"]!["code"]!.GetValue<string>());
        var message = messages.Json!["messages"]!.AsArray().Single(m => m!["distributionId"]!.GetValue<string>() == "fr.fire.sdis35_OPS-1")!;
        var recipients = message["deliveries"]!.AsArray().Where(d => d!["state"]!.GetValue<string>() == "Delivered").Select(d => d!["partner"]!.GetValue<string>()).ToList();
        CollectionAssert.IsSubsetOf(new[] { "fr.gendarmerie.corg35", Samu, Sdis }, recipients, string.Join(", ", recipients));
        var body = await _hub.Http.SendAsync(OperatorTokens.Request(HttpMethod.Get, message["body"]!.GetValue<string>(), viewer));
        CollectionAssert.AreEqual(_posted, await body.Content.ReadAsByteArrayAsync(), "the original bytes");
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.Status);
    }

    [TestMethod]
    public async Task Every_read_and_change_of_the_incident_appears_in_the_audit_log_with_its_author()
    {
        var reader = OperatorTokens.For("rita", OperatorRoles.Viewer);
        var key = (await Send(HttpMethod.Get, $"/api/incidents?caseId={CaseId}", reader)).Json![0]!["key"]!.GetValue<string>();
        await Send(HttpMethod.Get, $"/api/incidents/{key}", reader);
        await Send(HttpMethod.Get, $"/api/incidents/{key}/messages", reader);

        var audit = await Send(HttpMethod.Get, $"/api/audit?incident={Uri.EscapeDataString(key)}", reader);

        var entries = audit.Json!.AsArray().Select(e => (Actor: e!["actor"]!.GetValue<string>(), Action: e["action"]!.GetValue<string>(), Kind: e["actorKind"]!.GetValue<string>())).ToList();
        CollectionAssert.Contains(entries, ("rita", "incident.read", "operator"));
        CollectionAssert.Contains(entries, ("rita", "incident.messages.read", "operator"));
        CollectionAssert.Contains(entries, (Sdis, "incident.changed", "partner"), "the SDIS's case created it");
        var searches = await Send(HttpMethod.Get, "/api/audit?by=rita", reader);
        Assert.IsTrue(searches.Json!.AsArray().Any(e => e!["action"]!.GetValue<string>() == "incidents.searched" && e["target"]!.GetValue<string>() == $"caseId={CaseId}"), searches.Text);
    }

    [TestMethod]
    public async Task Medical_details_are_shown_to_the_medical_role_only_and_withheld_with_a_marker_from_the_others()
    {
        const string key = "fr.health.samu35.DRM-MED-1";
        await Store.InTransactionAsync(async tx =>
        {
            await tx.SaveIncidentAsync(new StoredIncident
            {
                Key = key, HubId = "hub-med-1", Version = 1, UpdatedAt = TestClock.Now(),
                Incident = new Incident
                {
                    Identity = new IncidentIdentity { CaseId = key },
                    Qualification = new Qualification
                    {
                        HealthMotive = new CodedValue { Code = "M01.00.00" },
                        Victims = new Victims { Count = "1", MainVictim = "ADULTE", Patients = [new Patient { Id = "p-1", Kind = "ADULTE", Details = new PatientDetails { Name = new PersonName { LastName = "DUPONT" }, Condition = "inconsciente" } }],
                            Involved = [new InvolvedPerson { Id = "t-1", Role = PersonRole.Witness, Details = new PatientDetails { Name = new PersonName { LastName = "TÉMOIN" } } }] },
                    },
                },
            });
            await tx.RecordReceivedAsync(new ReceivedMessage("fr.health.samu35_MED-1", Samu, "RS-EDA", key, TestClock.Now(), "fhir-r4", "application/fhir+json", "{\"resourceType\":\"Bundle\"}"u8.ToArray()));
            return true;
        });
        var viewer = OperatorTokens.For("victor", OperatorRoles.Viewer);
        var doctor = OperatorTokens.For("docteur", OperatorRoles.Viewer, alsoRole: OperatorRoles.Medical);

        var hidden = (await Send(HttpMethod.Get, $"/api/incidents/{key}", viewer)).Json!["incident"]!["qualification"]!;
        var shown = (await Send(HttpMethod.Get, $"/api/incidents/{key}", doctor)).Json!["incident"]!["qualification"]!;
        var fhirForViewer = await Send(HttpMethod.Get, "/api/messages/fr.health.samu35_MED-1/body", viewer);
        var fhirForDoctor = await Send(HttpMethod.Get, "/api/messages/fr.health.samu35_MED-1/body", doctor);

        Assert.AreEqual(MedicalFields.Marker, hidden["healthMotive"]!.GetValue<string>());
        Assert.AreEqual(MedicalFields.Marker, hidden["victims"]!["patients"]![0]!["details"]!.GetValue<string>());
        Assert.AreEqual(("1", "ADULTE"), (hidden["victims"]!["count"]!.GetValue<string>(), hidden["victims"]!["mainVictim"]!.GetValue<string>()), "the count and kind are not medical");
        Assert.AreEqual(MedicalFields.Marker, hidden["victims"]!["involved"]![0]!["details"]!.GetValue<string>(), "a witness's identity too");
        Assert.AreEqual("witness", hidden["victims"]!["involved"]![0]!["role"]!.GetValue<string>());
        Assert.DoesNotContain("DUPONT", hidden.ToJsonString());
        Assert.AreEqual("TÉMOIN", shown["victims"]!["involved"]![0]!["details"]!["name"]!["lastName"]!.GetValue<string>());
        Assert.AreEqual("DUPONT", shown["victims"]!["patients"]![0]!["details"]!["name"]!["lastName"]!.GetValue<string>());
        Assert.AreEqual("M01.00.00", shown["healthMotive"]!["code"]!.GetValue<string>());
        Assert.AreEqual(HttpStatusCode.Forbidden, fhirForViewer.Status);
        StringAssert.Contains(fhirForViewer.Text, "medical confidentiality");
        Assert.AreEqual(HttpStatusCode.OK, fhirForDoctor.Status);
        Assert.AreEqual("{\"resourceType\":\"Bundle\"}", fhirForDoctor.Text);
    }

    [TestMethod]
    public async Task Partners_are_listed_without_their_credentials_and_the_OpenAPI_document_describes_the_API()
    {
        var partners = await Send(HttpMethod.Get, "/api/partners", OperatorTokens.For("victor", OperatorRoles.Viewer));
        var openApi = await Send(HttpMethod.Get, "/openapi/v1.json", null);

        Assert.IsTrue(partners.Json!.AsArray().Any(p => p!["id"]!.GetValue<string>() == Samu && p["kind"]!.GetValue<string>() == "samu"), partners.Text);
        Assert.DoesNotContain("sha256", partners.Text.ToLowerInvariant());
        Assert.AreEqual(HttpStatusCode.OK, openApi.Status);
        var paths = openApi.Json!["paths"]!.AsObject().Select(p => p.Key).ToList();
        CollectionAssert.IsSubsetOf(new[] { "/api/incidents", "/api/incidents/{key}", "/api/incidents/{key}/messages", "/api/dead-letters", "/api/dead-letters/{sequence}/replay", "/api/audit", "/api/partners" }, paths,
            string.Join(", ", paths));
    }

    private static SqlHubStore Store => _hub.App.Services.GetRequiredService<SqlHubStore>();

    /// <summary>A dead letter to the SAMU written straight away (as the processor writes one), never attempted by a worker.</summary>
    private static async Task<long> DeadLetterToSamuAsync(string deliveryId)
    {
        var body = PartnerMessages.Bytes(PartnerMessages.FireCase, Sdis, deliveryId, TestClock.Now());
        await Store.InTransactionAsync(async tx =>
        {
            await tx.DeadLetterAsync(new PendingDelivery(deliveryId, Samu, CaseId, "fr.fire.sdis35_OPS-1", "RC-EDA", "cisu-json", "application/json", "Report", body, TestClock.Now(), null),
                "refused: HTTP 422 UnprocessableEntity: test");
            return true;
        });
        return (await Store.Outbox.FindByIdAsync(deliveryId))!.Sequence;
    }

    private static async Task<Answer> Send(HttpMethod method, string path, string? token, byte[]? body = null)
    {
        using var request = OperatorTokens.Request(method, path, token);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } };
        using var response = await _hub.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text, text.Length > 0 && text[0] is '{' or '[' ? JsonNode.Parse(text) : null,
            response.Headers.TryGetValues(OperatorAccess.DevelopmentModeHeader, out var values) ? values.Single() : null);
    }

    private sealed record Answer(HttpStatusCode Status, string Text, JsonNode? Json, string? DevelopmentMode);
}
