namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// An incident was saved with a version that is not the stored one + 1: someone else changed it since it was read
/// (a lost update was prevented). The message transaction rolls back; processing it again reads the new version.
/// </summary>
public sealed class IncidentVersionConflictException(string incidentKey, long attemptedVersion, long? storedVersion)
    : Exception(storedVersion is null
        ? $"Incident '{incidentKey}' cannot be saved at version {attemptedVersion}: it is not stored yet, so its first version must be 1."
        : $"Incident '{incidentKey}' cannot be saved at version {attemptedVersion}: the stored version is {storedVersion}, so the next must be {storedVersion + 1}.")
{
    public string IncidentKey { get; } = incidentKey;
    public long AttemptedVersion { get; } = attemptedVersion;
    public long? StoredVersion { get; } = storedVersion;
}
