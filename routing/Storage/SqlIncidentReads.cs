using System.Data.Common;
using System.Text.Json;
using Dapper;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>Which incidents an operator looks for; every part given must match.</summary>
/// <param name="CaseId">The hub's key of the incident or its CISU shared case id.</param>
/// <param name="Reference">Any partner's reference to it: a sender case id, an EMSI event id, a Pégase number, a CORG number.</param>
/// <param name="Commune">The commune's INSEE code, or its name (case and accents as written).</param>
/// <param name="Nature">The nature code (e.g. <c>C07.01.00</c>), or its start.</param>
/// <param name="ChangedFrom">Changed by the hub at or after this instant.</param>
/// <param name="ChangedBefore">Changed before this instant.</param>
public sealed record IncidentSearch(
    string? CaseId = null,
    string? Reference = null,
    string? Commune = null,
    string? Nature = null,
    DateTimeOffset? ChangedFrom = null,
    DateTimeOffset? ChangedBefore = null,
    int Limit = IncidentSearch.DefaultLimit)
{
    public const int DefaultLimit = 200;

    public bool Matches(StoredIncident stored)
    {
        var incident = stored.Incident;
        var identity = incident.Identity;
        return (CaseId is null || stored.Key == CaseId || identity.CaseId == CaseId)
            && (Reference is null || new[] { identity.CaseId, identity.SenderCaseId, identity.EmsiEventId, identity.EmsiMainEventId, identity.PegaseNumber, identity.GendarmerieNumber }.Contains(Reference))
            && (Commune is null || incident.Location?.Commune is { } commune
                && (commune.InseeCode == Commune || string.Equals(commune.Name, Commune, StringComparison.OrdinalIgnoreCase)))
            && (Nature is null || incident.Qualification?.Nature?.Code is { } code && code.StartsWith(Nature, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// The incidents and the messages received for them, read for operators. The time range is a query on the
/// <c>incidents</c> table; the references, commune and nature live in the canonical JSON, so they are matched in the
/// hub on the rows of that range (the same on both databases; no JSON operators of one engine).
/// </summary>
public sealed class SqlIncidentReads
{
    private readonly SqlHubStore _store;

    internal SqlIncidentReads(SqlHubStore store) => _store = store;

    /// <summary>The matching incidents, most recently changed first.</summary>
    public Task<IReadOnlyList<StoredIncident>> SearchAsync(IncidentSearch search, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<StoredIncident>>(async connection =>
        {
            var conditions = new List<string>();
            // updated_at is written in UTC only: it compares as text.
            if (search.ChangedFrom is not null) conditions.Add("updated_at >= @From");
            if (search.ChangedBefore is not null) conditions.Add("updated_at < @Before");
            // The key is the shared case id for CISU cases: narrow in SQL when it is given.
            if (search.CaseId is not null) conditions.Add("(incident_key = @CaseId OR incident_json LIKE @CaseIdText)");
            var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
            var found = new List<StoredIncident>();
            foreach (var json in await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT incident_json FROM incidents {where} ORDER BY updated_at IS NULL, updated_at DESC, incident_key",
                new
                {
                    From = StoredTime.Write(search.ChangedFrom?.ToUniversalTime()),
                    Before = StoredTime.Write(search.ChangedBefore?.ToUniversalTime()),
                    search.CaseId,
                    CaseIdText = $"%{search.CaseId}%",
                }, cancellationToken: cancellationToken)))
            {
                var incident = Read(json);
                if (!search.Matches(incident)) continue;
                found.Add(incident);
                if (found.Count >= search.Limit) break;
            }
            return found;
        }, cancellationToken);

    public Task<StoredIncident?> FindAsync(string incidentKey, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(async connection =>
            await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT incident_json FROM incidents WHERE incident_key = @incidentKey", new { incidentKey }, cancellationToken: cancellationToken)) is { } json
                ? Read(json)
                : null, cancellationToken);

    /// <summary>The messages received for an incident, in the order they arrived, with their original bytes.</summary>
    public Task<IReadOnlyList<ReceivedMessage>> MessagesAsync(string incidentKey, CancellationToken cancellationToken = default) =>
        QueryMessagesAsync("incident_key = @key", incidentKey, cancellationToken);

    /// <summary>One received message by its distribution id, or null.</summary>
    public async Task<ReceivedMessage?> MessageAsync(string distributionId, CancellationToken cancellationToken = default) =>
        (await QueryMessagesAsync("distribution_id = @key", distributionId, cancellationToken)).SingleOrDefault();

    private Task<IReadOnlyList<ReceivedMessage>> QueryMessagesAsync(string condition, string key, CancellationToken cancellationToken) =>
        _store.ReadAsync(connection => QueryReceivedAsync(connection, null, condition, new { key }, cancellationToken), cancellationToken);

    /// <summary>Received messages by a condition on <c>received_messages</c>, in the order they arrived (also for a message transaction).</summary>
    internal static async Task<IReadOnlyList<ReceivedMessage>> QueryReceivedAsync(DbConnection connection, DbTransaction? transaction, string condition, object parameters, CancellationToken cancellationToken = default) =>
        (await connection.QueryAsync<(string DistributionId, string SenderId, string Family, string? IncidentKey, string ReceivedAt, string Format, string ContentType, byte[] Body)>(
            new CommandDefinition(
                $"SELECT distribution_id, sender_id, family, incident_key, received_at, format, content_type, body FROM received_messages WHERE {condition}",
                parameters, transaction, cancellationToken: cancellationToken)))
        .Select(r => new ReceivedMessage(r.DistributionId, r.SenderId, r.Family, r.IncidentKey, StoredTime.Read(r.ReceivedAt), r.Format, r.ContentType, r.Body))
        .OrderBy(m => m.ReceivedAt).ThenBy(m => m.DistributionId, StringComparer.Ordinal)
        .ToList();

    private static StoredIncident Read(string json) =>
        JsonSerializer.Deserialize<StoredIncident>(json, CanonicalJson.Options) ?? throw new JsonException("a stored incident is null");
}
