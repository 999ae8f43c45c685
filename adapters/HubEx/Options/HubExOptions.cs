namespace MCIC2.Interop.Adapters.HubEx.Options;

/// <summary>
/// How the hub reaches its own RabbitMQ as the HubEx (configuration section <c>Hub:HubEx</c>). The hub logs in like its
/// clients do: TLS 1.2 with its certificate, SASL EXTERNAL, the certificate's common name being <see cref="HubId"/>.
/// </summary>
public sealed record HubExOptions
{
    public string Host { get; init; } = "localhost";

    /// <summary>The broker's TLS listener (AMQPS).</summary>
    public int Port { get; init; } = 5671;

    /// <summary>The name the broker's certificate must carry; <see cref="Host"/> when unset.</summary>
    public string? ServerName { get; init; }

    /// <summary>One vhost per perimeter and version, as Hub Santé does (e.g. <c>police_v1</c>).</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>The hub's own client id: the CN of its certificate, the app id and user id of what it publishes, the
    /// sender of its RS-ERROR replies. The broker checks the user id against the login, so the two must match.</summary>
    public string HubId { get; init; } = "fr.police.mcic2";

    /// <summary>The hub's certificate with its key as PKCS#12 (with <see cref="CertificatePassword"/>); or give the PEM
    /// pair <see cref="CertificatePem"/> + <see cref="CertificateKeyPem"/>.</summary>
    public string? CertificatePfx { get; init; }

    public string? CertificatePassword { get; init; }

    public string? CertificatePem { get; init; }

    public string? CertificateKeyPem { get; init; }

    /// <summary>A PEM file of the CA the broker's certificate must chain to; unset: the machine's trust store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>The topic exchange every client publishes to, with its own id as routing key.</summary>
    public string SendExchange { get; init; } = "hubex";

    /// <summary>The direct exchange the hub publishes to, routing key = the recipient's queue name.</summary>
    public string DistributionExchange { get; init; } = "hubex.distribution";

    /// <summary>The fanout exchange the client queues dead-letter to.</summary>
    public string DeadLetterExchange { get; init; } = "hubex.dlx";

    /// <summary>The hub's queue of everything clients send (bound to <see cref="SendExchange"/>).</summary>
    public string DispatcherQueue { get; init; } = "hubex.dispatcher";

    /// <summary>The hub's queue of what died in a client queue (bound to <see cref="DeadLetterExchange"/>).</summary>
    public string DeadLetterQueue { get; init; } = "hubex.dead-letters";

    /// <summary>How long a message waits in a client queue before it expires (and its sender hears 400).</summary>
    public TimeSpan QueueTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Messages the dispatcher holds unacknowledged at once.</summary>
    public ushort Prefetch { get; init; } = 32;

    /// <summary>How long a publish waits for the broker's confirm before it counts as a transient failure.</summary>
    public TimeSpan ConfirmTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first pause after a lost or refused connection; each next one doubles up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectFirstDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause before a message whose handling failed unexpectedly (the intake threw) is received again.</summary>
    public TimeSpan FaultPause { get; init; } = TimeSpan.FromSeconds(5);
}
