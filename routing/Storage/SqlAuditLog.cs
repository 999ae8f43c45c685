using System.Data.Common;
using Dapper;
using MCIC2.Interop.Routing.Audit;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>The <c>audit_log</c> table: INSERT and SELECT only (the table's triggers refuse the rest, <see cref="SqlDialect.AppendOnly"/>).</summary>
public sealed class SqlAuditLog : IAuditLog
{
    private readonly SqlHubStore _store;

    internal SqlAuditLog(SqlHubStore store) => _store = store;

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        _store.WriteAsync((connection, transaction) => AppendAsync(connection, transaction, entry, cancellationToken), cancellationToken);

    /// <summary>Appends inside a transaction already open (a message's: the change and its trace commit together).</summary>
    internal static Task<int> AppendAsync(DbConnection connection, DbTransaction transaction, AuditEntry entry, CancellationToken cancellationToken = default) =>
        connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO audit_log (at, actor, actor_kind, action, incident_key, target, detail)
            VALUES (@At, @Actor, @ActorKind, @Action, @IncidentKey, @Target, @Detail)
            """,
            new
            {
                At = StoredTime.Write(entry.At.ToUniversalTime()),
                entry.Actor,
                ActorKind = entry.ActorKind.ToString(),
                entry.Action,
                entry.IncidentKey,
                entry.Target,
                entry.Detail,
            }, transaction, cancellationToken: cancellationToken));

    public Task<IReadOnlyList<StoredAuditEntry>> ListAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        _store.ReadAsync<IReadOnlyList<StoredAuditEntry>>(async connection =>
        {
            var conditions = new List<string>();
            if (query.IncidentKey is not null) conditions.Add("incident_key = @IncidentKey");
            if (query.Actor is not null) conditions.Add("actor = @Actor");
            var where = conditions.Count == 0 ? "" : "WHERE " + string.Join(" AND ", conditions);
            var rows = await connection.QueryAsync<(long Sequence, string At, string Actor, string ActorKind, string Action, string? IncidentKey, string? Target, string? Detail)>(
                new CommandDefinition(
                    $"SELECT sequence, at, actor, actor_kind, action, incident_key, target, detail FROM audit_log {where} ORDER BY sequence DESC LIMIT @Limit",
                    new { query.IncidentKey, query.Actor, Limit = (long)Math.Clamp(query.Limit, 1, 10_000) }, cancellationToken: cancellationToken));
            return rows.Select(r => new StoredAuditEntry(r.Sequence,
                new AuditEntry(StoredTime.Read(r.At), r.Actor, Enum.Parse<ActorKind>(r.ActorKind), r.Action, r.IncidentKey, r.Target, r.Detail))).ToList();
        }, cancellationToken);
}
