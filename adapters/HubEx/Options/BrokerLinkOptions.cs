namespace MCIC2.Interop.Adapters.HubEx.Options;

/// <summary>
/// How the hub reaches one HubEx broker — its own (<see cref="HubExOptions"/>) or a peer's
/// (<see cref="Peers.PeerLinkOptions"/>) — and how patiently: TLS 1.2 with its certificate, SASL EXTERNAL, the
/// certificate's common name being <see cref="LoginId"/>.
/// </summary>
public abstract record BrokerLinkOptions
{
    public string Host { get; init; } = "localhost";

    /// <summary>The broker's TLS listener (AMQPS).</summary>
    public int Port { get; init; } = 5671;

    /// <summary>The name the broker's certificate must carry; <see cref="Host"/> when unset.</summary>
    public string? ServerName { get; init; }

    /// <summary>One vhost per perimeter and version, as Hub Santé does (e.g. <c>police_v1</c>, <c>15-nexsis_v1.9</c>).</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>The hub's certificate with its key as PKCS#12 (with <see cref="CertificatePassword"/>); or give the PEM
    /// pair <see cref="CertificatePem"/> + <see cref="CertificateKeyPem"/>.</summary>
    public string? CertificatePfx { get; init; }

    public string? CertificatePassword { get; init; }

    public string? CertificatePem { get; init; }

    public string? CertificateKeyPem { get; init; }

    /// <summary>A PEM file of the CA the broker's certificate must chain to; unset: the machine's trust store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>Unacknowledged messages each consumer holds at once.</summary>
    public ushort Prefetch { get; init; } = 32;

    /// <summary>How long a publish waits for the broker's confirm before it counts as a transient failure.</summary>
    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first pause after a lost or refused connection; each next one doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause before a message whose handling failed unexpectedly (the intake threw, its reply could not
    /// go) is received again.</summary>
    public TimeSpan FaultPause { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Who the hub logs in as there: the CN of its certificate, the user id of what it publishes.</summary>
    public abstract string LoginId { get; }

    /// <summary>Whether the settings name the hub's certificate: without one no login can succeed.</summary>
    public bool HasCertificate => CertificatePfx is not null || (CertificatePem is not null && CertificateKeyPem is not null);
}
