using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Simulators.PartnerActors.Messages;

/// <summary>A message ready to post: its bytes and content type, its distribution id, what it is (for the timeline).</summary>
public sealed record OutgoingMessage(string SenderId, string DistributionId, string Family, string What, byte[] Body, string ContentType);

/// <summary>The incident a scenario plays, as the first operator typed it (an RC-EDA case).</summary>
public sealed record CaseSpec(string Name, string Nature, string NatureLabel, string Commune, string City, string Victims, string Text)
{
    /// <summary>The case id the first sender gives it; <paramref name="run"/> keeps replays against one hub apart.</summary>
    public string CaseId(string senderId, string run) => $"{senderId}.{Name}-{run}";
}

/// <summary>
/// Writes the messages of one partner, in its encoding, dated by the scenario clock: a copy of an ANS example edited
/// for the case (the codec reads it back, so what is sent is always a valid CISU message), in its EDXL-DE envelope.
/// </summary>
public sealed class ActorMessages(string senderId, CisuEncoding encoding, TimeProvider time, string run)
{
    public const string HubId = "fr.police.mcic2";
    private int _sent;

    public string SenderId => senderId;

    public OutgoingMessage Case(CaseSpec spec, string caseId, string kind = "Report", string? newAlertId = null)
    {
        var payload = Template("case.json");
        var createCase = payload["createCase"]!.AsObject();
        createCase["caseId"] = caseId;
        createCase["senderCaseId"] = $"{spec.Name}-{run}";
        createCase["creation"] = Stamp();
        foreach (var qualification in new[] { createCase["qualification"]!, createCase["initialAlert"]!["qualification"]! })
        {
            qualification["whatsHappen"] = new JsonObject { ["code"] = spec.Nature, ["label"] = spec.NatureLabel };
            qualification["victims"] = new JsonObject { ["count"] = spec.Victims };
            // The health motive of the example (cardiac arrest) would call a SAMU to every case: only a victim brings one.
            if (spec.Victims == "0") qualification.AsObject().Remove("healthMotive");
        }
        foreach (var location in new[] { createCase["location"]!, createCase["initialAlert"]!["location"]! })
        {
            location["city"] = new JsonObject { ["name"] = spec.City, ["inseeCode"] = spec.Commune };
        }
        var alert = createCase["initialAlert"]!.AsObject();
        alert["id"] = $"{spec.Name}-{run}-alert-1";
        alert["reception"] = Stamp();
        alert["notes"]![0]!["freetext"] = spec.Text;
        alert["notes"]![0]!["creation"] = Stamp();
        createCase["qualification"]!["victims"]!["freetext"] = spec.Text;
        if (newAlertId is not null)
        {
            var another = alert.DeepClone();
            another["id"] = newAlertId;
            another["notes"]![0]!["freetext"] = $"Nouvel appel sur la même affaire : {spec.Text}";
            createCase["newAlert"] = new JsonArray(another);
        }
        return Envelope(payload, kind, null, newAlertId is null ? $"case {spec.Name} ({spec.Nature} at {spec.City})" : $"new alert on {spec.Name}");
    }

    /// <summary>The case as received, sent again as an update with a new call on it (a new alert).</summary>
    public OutgoingMessage NewAlert(CanonicalMessage received, string alertId)
    {
        var copy = CisuCodec.Shared.Decode(CisuCodec.Shared.Encode(received, CisuEncoding.Json)).Message;
        var first = copy.Incident!.Alerts.FirstOrDefault();
        copy.Incident.Alerts.Add(new Alert
        {
            Id = alertId,
            ReceivedAt = Now(),
            Reporting = first?.Reporting,
            Caller = first?.Caller,
            CallTaker = first?.CallTaker,
            Location = first?.Location,
            Qualification = first?.Qualification,
            Notes = [new Note { CreatedAt = Now(), Text = "Nouvel appel sur la même affaire" }],
        });
        return Enveloped(copy, "Update", null, $"new alert {alertId}");
    }

    /// <summary>An EMSI demande de concours (<c>#DEMANDE_CONCOURS#reason#code#</c>) on the case.</summary>
    public OutgoingMessage AssistanceRequest(string caseId, string requestId, string reason, string addressedTo) =>
        Emsi(caseId, requestId, $"#DEMANDE_CONCOURS#{reason}#Z.01.00.00#", parent: null, addressedTo, $"request for assistance {requestId} ({reason}) to {addressedTo}");

    /// <summary>An EMSI answer (<c>#REPONSE_DEMANDE_CONCOURS#kind#reason#</c>) to request <paramref name="requestId"/>.</summary>
    public OutgoingMessage AssistanceAnswer(string caseId, string requestId, AnswerKind answer, string? reason, string addressedTo)
    {
        var kind = answer switch { AnswerKind.Accept => "ACCEPTE", AnswerKind.Refuse => "REFUS", _ => "PARTIELLE" };
        return Emsi(caseId, $"{requestId}-R-{senderId}", $"#REPONSE_DEMANDE_CONCOURS#{kind}#{(reason is null ? "" : $"{reason}#")}", requestId, addressedTo,
            $"answer {kind}{(reason is null ? "" : $" ({reason})")} to {requestId}");
    }

    /// <summary>An RC-RI snapshot: every vehicle engaged so far with its status.</summary>
    public OutgoingMessage Resources(string caseId, IReadOnlyList<(string Vehicle, string Status)> vehicles)
    {
        var payload = Template("resources.json");
        var info = payload["resourcesInfoCisu"]!.AsObject();
        var model = info["resource"]![0]!;
        var resources = new JsonArray();
        foreach (var (vehicle, status) in vehicles)
        {
            var resource = model.DeepClone();
            resource["resourceId"] = $"{senderId}.resource.{vehicle}";
            resource["name"] = vehicle;
            resource["orgId"] = senderId;
            resource["datetime"] = Stamp();
            resource["state"]!["status"] = status;
            resource["state"]!["datetime"] = Stamp();
            resource["position"]!["datetime"] = Stamp();
            resources.Add(resource);
        }
        info["resource"] = resources;
        info["caseId"] = caseId;
        return Envelope(payload, "Update", null, $"resources {string.Join(", ", vehicles.Select(v => $"{v.Vehicle} {v.Status}"))}");
    }

    /// <summary>The RC-REF of a message received (its distribution id, as the hub delivered it).</summary>
    public OutgoingMessage Acknowledgement(string receivedDistributionId)
    {
        var message = new CanonicalMessage
        {
            Family = MessageFamilies.Reference,
            Acknowledgement = new Acknowledgement { AcknowledgedDistributionId = receivedDistributionId },
        };
        return Enveloped(message, "Ack", null, $"of {receivedDistributionId}");
    }

    private OutgoingMessage Emsi(string caseId, string missionId, string missionName, string? parent, string addressedTo, string what)
    {
        var payload = Template("emsi.json");
        var emsi = payload["emsi"]!;
        emsi["CONTEXT"]!["ID"] = $"{senderId}-{run}-{_sent + 1}";
        emsi["CONTEXT"]!["CREATION"] = Stamp();
        emsi["CONTEXT"]!["ORIGIN"]!["ORG_ID"] = senderId;
        emsi["EVENT"]!["MAIN_EVENT_ID"] = caseId;
        emsi["EVENT"]!["ID"] = $"{caseId}-event";
        var mission = emsi["MISSION"]![0]!;
        mission["ID"] = missionId;
        mission["ORG_ID"] = senderId;
        mission["NAME"] = missionName;
        mission["START_TIME"] = Stamp();
        if (parent is not null) mission["PARENT_MISSION_ID"] = new JsonArray(parent);
        return Envelope(payload, "Update", addressedTo, what);
    }

    private OutgoingMessage Envelope(JsonNode payload, string kind, string? addressedTo, string what) =>
        Enveloped(CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString())).Message, kind, addressedTo, what);

    private OutgoingMessage Enveloped(CanonicalMessage message, string kind, string? addressedTo, string what)
    {
        var now = Now();
        var id = $"{senderId}_{run}-{++_sent}";
        var to = addressedTo ?? HubId;
        message.Distribution = EnvelopeOf(senderId, id, now, kind, to);
        var body = CisuCodec.Shared.Encode(message, encoding);
        return new OutgoingMessage(senderId, id, message.Family, what, body, encoding == CisuEncoding.Xml ? "application/xml" : "application/json");
    }

    /// <summary>The EDXL-DE envelope a partner puts around its message, addressed to <paramref name="addressedTo"/> (the
    /// hub, or a partner through it); it expires a day after it was sent.</summary>
    public static Distribution EnvelopeOf(string senderId, string distributionId, DateTimeOffset sentAt, string kind, string addressedTo) => new()
    {
        DistributionId = distributionId,
        SenderId = senderId,
        SentAt = sentAt,
        ExpiresAt = sentAt.AddDays(1),
        Status = "Actual",
        Kind = kind,
        Language = "fr-FR",
        ExplicitAddress = new ExplicitAddress { Scheme = "hubex", Value = addressedTo },
        Header = new MessageHeader
        {
            MessageId = distributionId,
            Sender = new Party { Name = senderId, Uri = $"hubex:{senderId}" },
            SentAt = sentAt,
            Kind = kind,
            Status = "Actual",
            Recipients = [new Party { Name = addressedTo, Uri = $"hubex:{addressedTo}" }],
        },
    };

    /// <summary>CISU times carry no fractions of a second.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private string Stamp() => Now().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static JsonNode Template(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"templates/{name}")
            ?? throw new InvalidOperationException($"template {name} is not embedded");
        return JsonNode.Parse(stream)!;
    }
}

public enum AnswerKind { Accept, Refuse, Partial, None }
