using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Incidents;

/// <summary>
/// The house-fire case of the CISU corpus (RC-EDA then RC-RI 02, 03, 05, 07), plus EMSI requests for assistance on it,
/// decoded by the real codec. The examples are bare payloads: each gets the envelope a partner would have sent.
/// </summary>
internal static class CaseMessages
{
    public const string FireCase = "fr.fire.CGA_national.SC-20240813-CGA_national-AT517";
    public const string Sdis = "fr.fire.sis035";
    public const string Samu = "fr.health.samu035";
    public const string Police = "fr.police.cic35";
    public const string Gendarmerie = "fr.gendarmerie.corg35";
    public const string RequestId = "ABC1YU3454";

    public static readonly DateTimeOffset T0 = new(2024, 8, 13, 10, 20, 0, TimeSpan.FromHours(2));

    public static CanonicalMessage Creation(string sender = Sdis, int minute = 0, string kind = "Report", string? id = null) =>
        Example("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json", sender, minute, kind, id);

    /// <summary>The case re-sent with a second alert and the victims now counted.</summary>
    public static CanonicalMessage CaseUpdate(string sender, int minute, string kind = "Update", string alertId = "CGAXXX-20240813-AT518") =>
        Edited("examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json", payload =>
        {
            var createCase = payload["createCase"]!.AsObject();
            createCase["newAlert"] = new JsonArray(createCase["initialAlert"]!.DeepClone());
            createCase["newAlert"]![0]!["id"] = alertId;
            createCase["newAlert"]![0]!["reception"] = T0.AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
            createCase["qualification"]!["victims"] = new JsonObject { ["count"] = "PLUSIEURS" };
        }, sender, minute, kind);

    /// <summary>RC-RI snapshot 02, 03, 05 or 07 of the SDIS.</summary>
    public static CanonicalMessage Resources(string number, string sender = Sdis, int? minute = null) =>
        Example($"examples/RC-RI/RC-RI_Incendie_RaymondeLECCIA.{number}.json", sender, minute ?? int.Parse(number) * 5, "Update");

    /// <summary>The SAMU's own RC-RI snapshot (another partner's resources), moved onto the fire case.</summary>
    public static CanonicalMessage SamuResources(int minute) =>
        Edited("examples/RC-RI/RC-RI_FemmeEnceinte_DelphineVigneau.02.json",
            payload => payload["resourcesInfoCisu"]!["caseId"] = FireCase, Samu, minute, "Update");

    /// <summary>The SAMU asks for assistance (EMSI #DEMANDE_CONCOURS#) on the fire case.</summary>
    public static CanonicalMessage AssistanceRequest(int minute) =>
        Edited("examples/EMSI/emsi-DC-message.json", payload => OnFireCase(payload), Samu, minute, "Update");

    /// <summary>The SDIS answers the request (EMSI #REPONSE_DEMANDE_CONCOURS#kind#reason#).</summary>
    public static CanonicalMessage AssistanceAnswer(int minute, string kind = "ACCEPTE", string? reason = null, string sender = Sdis) =>
        Edited("examples/EMSI/emsi-DC-message.json", payload =>
        {
            OnFireCase(payload);
            var mission = payload["emsi"]!["MISSION"]![0]!.AsObject();
            mission["ID"] = $"{RequestId}-R1";
            mission["NAME"] = $"#REPONSE_DEMANDE_CONCOURS#{kind}#" + (reason is null ? "" : $"{reason}#");
            mission["ORG_ID"] = "fr.fire.sis069";
            mission["START_TIME"] = T0.AddMinutes(minute).ToString("yyyy-MM-dd'T'HH:mm:sszzz");
            mission["PARENT_MISSION_ID"] = new JsonArray(RequestId);
        }, sender, minute, "Update");

    /// <summary>An RC-REF acknowledging <paramref name="deliveryId"/>.</summary>
    public static CanonicalMessage Acknowledgement(string deliveryId, string sender, int minute, bool refused = false) => new()
    {
        Family = MessageFamilies.Reference,
        Acknowledgement = new Acknowledgement { AcknowledgedDistributionId = deliveryId, Refused = refused ? true : null },
        Distribution = Envelope(sender, minute, "Ack", $"{sender}_ack_{deliveryId}"),
    };

    public static CanonicalMessage Example(string relative, string sender, int minute, string kind, string? id = null)
    {
        var message = CisuCodec.Shared.Decode(Corpus.Bytes(relative)).Message;
        message.Distribution = Envelope(sender, minute, kind, id ?? $"{sender}_{Path.GetFileNameWithoutExtension(relative)}_{minute}");
        return message;
    }

    private static CanonicalMessage Edited(string relative, Action<JsonObject> edit, string sender, int minute, string kind)
    {
        var payload = Corpus.ReadJson(relative).AsObject();
        edit(payload);
        var message = CisuCodec.Shared.Decode(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString())).Message;
        message.Distribution = Envelope(sender, minute, kind, $"{sender}_{Path.GetFileNameWithoutExtension(relative)}_{minute}_edited");
        return message;
    }

    private static void OnFireCase(JsonObject payload) => payload["emsi"]!["EVENT"]!["MAIN_EVENT_ID"] = FireCase;

    private static Distribution Envelope(string sender, int minute, string kind, string id) => new()
    {
        DistributionId = id,
        SenderId = sender,
        SentAt = T0.AddMinutes(minute),
        ExpiresAt = T0.AddDays(1),
        Status = "Actual",
        Kind = kind,
    };
}
