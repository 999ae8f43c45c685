namespace MCIC2.Interop.Routing.Pipeline;

/// <summary>
/// One change of one incident, in canonical JSON. <see cref="ChangeId"/> is stable for the change (incident key and
/// version) so a consumer that sees it twice — the producer retried — drops the repeat.
/// </summary>
public sealed record IncidentChange(string IncidentKey, long Version, string IncidentJson)
{
    public string ChangeId => $"{IncidentKey}#{Version}";
}

/// <summary>Publishes every canonical incident change (Kafka profile: topic <c>mcic2.incidents</c> keyed by incident key).</summary>
public interface IIncidentChangePublisher
{
    Task PublishAsync(IncidentChange change, CancellationToken ct);
}

/// <summary>Embedded and PostgreSQL profiles: incident changes are not published anywhere.</summary>
public sealed class UnpublishedIncidentChanges : IIncidentChangePublisher
{
    public Task PublishAsync(IncidentChange change, CancellationToken ct) => Task.CompletedTask;
}
