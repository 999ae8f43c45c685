namespace MCIC2.Interop.Routing.Partners;

public enum PartnerKind
{
    /// <summary>A police command centre (CIC, on MCIC2 or still on Pégase).</summary>
    Cic,
    /// <summary>A gendarmerie command centre (CORG).</summary>
    Corg,
    /// <summary>A fire and rescue service (SDIS, on NexSIS 18-112).</summary>
    Sdis,
    /// <summary>An emergency medical service (SAMU, through the Hub Santé).</summary>
    Samu,
}

/// <summary>
/// A partner the hub exchanges with: its EDXL address (<c>fr.police.cic35</c>, <c>fr.gendarmerie.corg35</c>,
/// <c>fr.fire.sdis35</c>, <c>fr.health.samu35</c>), the families it speaks, the <see cref="Format"/> it reads and
/// writes (<c>cisu-json</c>, <c>cisu-xml</c>), the <see cref="Channel"/> that reaches it (<c>http</c>, <c>hubex</c>)
/// and its <see cref="Address"/> on that channel (a URL, a HubEx client id), with a <see cref="BackupAddress"/> on the
/// same channel to escalate to when it does not answer a handover.
/// </summary>
/// <param name="TokenSha256">For partners that post over HTTP: the SHA-256 (hex) of the bearer token it
/// authenticates with; null when the channel authenticates it by itself (HubEx certificates) or in development mode.</param>
/// <param name="CertificateSha256">For partners that post over HTTPS with a client certificate instead of (or besides) a
/// token: the SHA-256 (hex) of that certificate (its DER bytes), which pins it.</param>
public sealed record Partner(
    string Id,
    PartnerKind Kind,
    string Name,
    IReadOnlyList<string> Families,
    string Format,
    string Channel,
    string Address,
    string? BackupAddress = null,
    string? TokenSha256 = null,
    string? CertificateSha256 = null)
{
    /// <summary>A SAMU under the health domain: the only partners that may receive patient identities and medical data.</summary>
    public bool IsHealthService => Kind == PartnerKind.Samu && Id.StartsWith("fr.health.", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rules give it HTTP credentials: the hub never takes its messages unauthenticated.</summary>
    public bool HasCredentials => TokenSha256 is not null || CertificateSha256 is not null;

    /// <summary>The family this partner gets for a message of <paramref name="family"/>: the same when it speaks it,
    /// otherwise the case translated to what it speaks (e.g. EMSI for an EMSI-only partner); null when it speaks nothing fit.</summary>
    public string? FamilyFor(string family) =>
        Families.Contains(family) ? family
        : family is "RC-EDA" or "RC-RI" && Families.Contains("EMSI") ? "EMSI"
        : family is "EMSI" && Families.Contains("RC-EDA") ? "RC-EDA"
        : null;
}
