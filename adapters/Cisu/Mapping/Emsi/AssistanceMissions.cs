using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// Requests for assistance and their answers carried as EMSI missions.
/// <para>
/// Missions are a graph (main, parent and child missions, resources) that the canonical model keeps only in
/// part, so they are interpreted without being taken out of the payload: the residue keeps every mission
/// whole, in its place. On writing, a kept mission whose interpretation no longer matches the model is
/// overwritten with the model's values, and requests or answers the residue does not know are appended.
/// </para>
/// </summary>
public static class AssistanceMissions
{
    public static List<AssistanceRequest> Read(JsonArray? missions, Provenance provenance)
    {
        var requests = new List<AssistanceRequest>();
        if (missions is null) return requests;
        foreach (var mission in missions.OfType<JsonObject>())
        {
            if (AssistanceMissionName.Parse(Text(mission, "NAME")) is AssistanceRequestName name)
            {
                requests.Add(ReadRequest(mission, name, provenance));
            }
        }
        foreach (var mission in missions.OfType<JsonObject>())
        {
            if (AssistanceMissionName.Parse(Text(mission, "NAME")) is AssistanceAnswerName name && AnsweredId(mission) is { } id)
            {
                RequestAnswered(id, requests, provenance).Answers.Add(ReadAnswer(mission, name, provenance));
            }
        }
        return requests;
    }

    /// <summary>Missions to write: the kept ones (updated from the model) then the requests and answers the
    /// residue does not carry.</summary>
    public static JsonArray Write(IReadOnlyList<AssistanceRequest> requests, JsonArray? keptMissions)
    {
        var missions = (JsonArray?)keptMissions?.DeepClone() ?? [];
        var kept = missions.OfType<JsonObject>()
            .Select(m => (Mission: m, Name: AssistanceMissionName.Parse(Text(m, "NAME"))))
            .ToList();
        foreach (var request in requests)
        {
            var keptRequest = kept.FirstOrDefault(k => k.Name is AssistanceRequestName && Text(k.Mission, "ID") == request.Id);
            var keptAnswers = kept.Where(k => k.Name is AssistanceAnswerName && AnsweredId(k.Mission) == request.Id).ToList();
            if (keptRequest.Name is AssistanceRequestName requestName)
            {
                if (!SameRequest(ReadRequest(keptRequest.Mission, requestName, null), request)) Overwrite(keptRequest.Mission, RequestMission(request));
            }
            // A request known only through kept answers was not carried by the message read: not written either.
            else if (keptAnswers.Count == 0)
            {
                missions.Add(RequestMission(request));
            }

            for (var i = 0; i < request.Answers.Count; i++)
            {
                var answer = request.Answers[i];
                if (i >= keptAnswers.Count) missions.Add(AnswerMission(request, answer, i));
                else if (!SameAnswer(ReadAnswer(keptAnswers[i].Mission, (AssistanceAnswerName)keptAnswers[i].Name!, null), answer))
                {
                    Overwrite(keptAnswers[i].Mission, AnswerMission(request, answer, i));
                }
            }
        }
        return missions;
    }

    private static AssistanceRequest ReadRequest(JsonObject mission, AssistanceRequestName name, Provenance? provenance) => new()
    {
        Id = Text(mission, "ID") ?? "",
        Reason = name.Reason,
        RequestedCode = name.RequestedCode,
        MissionType = Text(mission, "TYPE"),
        FreeText = Text(mission, "FREETEXT"),
        RequestedAt = Time(mission, "START_TIME"),
        Priority = Text(mission, "PRIORITY"),
        RequestingOrganization = Text(mission, "ORG_ID"),
        Provenance = provenance,
    };

    /// <summary>The reason is the rest of the name when given there, else the mission free text.</summary>
    private static AssistanceAnswer ReadAnswer(JsonObject mission, AssistanceAnswerName name, Provenance? provenance) => new()
    {
        Kind = name.Kind,
        Reason = name.Reason ?? Text(mission, "FREETEXT"),
        At = Time(mission, "START_TIME"),
        AnsweringOrganization = Text(mission, "ORG_ID"),
        Provenance = provenance,
    };

    /// <summary>The request an answer is for. An answer usually comes in a later message than its request: the
    /// request is then known here by its id only, for the incident store to match with the one it has.</summary>
    private static AssistanceRequest RequestAnswered(string id, List<AssistanceRequest> requests, Provenance provenance)
    {
        if (requests.FirstOrDefault(r => r.Id == id) is { } request) return request;
        request = new AssistanceRequest { Id = id, Provenance = provenance };
        requests.Add(request);
        return request;
    }

    /// <summary>An answer names its request by <c>PARENT_MISSION_ID</c>, or else reuses the request's mission id.</summary>
    private static string? AnsweredId(JsonObject answer) =>
        answer["PARENT_MISSION_ID"] is JsonArray { Count: > 0 } parents ? parents[0]?.GetValue<string>() : Text(answer, "ID");

    private static JsonObject RequestMission(AssistanceRequest request) => new PayloadBuilder()
        .String("ID", request.Id)
        .String("NAME", new AssistanceRequestName(request.Reason, request.RequestedCode).Format())
        .String("TYPE", request.MissionType ?? EmsiDefaults.MissionType)
        .String("STATUS", EmsiDefaults.MissionStatus)
        .String("ORG_ID", request.RequestingOrganization)
        .String("FREETEXT", request.FreeText)
        .Time("START_TIME", request.RequestedAt)
        .String("PRIORITY", request.Priority)
        .Node;

    /// <summary>A new answer gets a mission id derived from its request's (never invented at random), and its
    /// reason in the free text, which is where a reader looks when the name gives none.</summary>
    private static JsonObject AnswerMission(AssistanceRequest request, AssistanceAnswer answer, int index)
    {
        var mission = new PayloadBuilder()
            .String("ID", $"{request.Id}-R{index + 1}")
            .String("NAME", new AssistanceAnswerName(answer.Kind, null).Format())
            .String("TYPE", request.MissionType ?? EmsiDefaults.MissionType)
            .String("STATUS", EmsiDefaults.MissionStatus)
            .String("ORG_ID", answer.AnsweringOrganization)
            .String("FREETEXT", answer.Reason)
            .Time("START_TIME", answer.At)
            .Node;
        mission["PARENT_MISSION_ID"] = new JsonArray(request.Id);
        return mission;
    }

    /// <summary>The mission fields the model holds; the others (status, position, links) stay as kept.</summary>
    private static readonly string[] ModelFields = ["NAME", "TYPE", "ORG_ID", "FREETEXT", "START_TIME", "PRIORITY"];

    private static void Overwrite(JsonObject kept, JsonObject fromModel)
    {
        foreach (var name in ModelFields)
        {
            if (fromModel[name] is { } value) kept[name] = value.DeepClone();
            else kept.Remove(name);
        }
    }

    private static bool SameRequest(AssistanceRequest a, AssistanceRequest b) =>
        a.Reason == b.Reason && a.RequestedCode == b.RequestedCode && a.MissionType == b.MissionType
        && a.FreeText == b.FreeText && a.RequestedAt == b.RequestedAt && a.Priority == b.Priority
        && a.RequestingOrganization == b.RequestingOrganization;

    private static bool SameAnswer(AssistanceAnswer a, AssistanceAnswer b) =>
        a.Kind == b.Kind && a.Reason == b.Reason && a.At == b.At && a.AnsweringOrganization == b.AnsweringOrganization;

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue v ? v.GetValue<string>() : null;

    private static DateTimeOffset? Time(JsonObject node, string name) =>
        Text(node, name) is { } text && CisuTime.TryParse(text, out var value) ? value : null;
}
