using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MCIC2.Interop.Adapters.HubEx.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Adapters.HubEx.Connection;

/// <summary>
/// One connection of the hub to a HubEx broker, its own or a peer's (TLS 1.2, the hub's certificate, SASL EXTERNAL), opened when first needed and
/// opened again after it was lost. Attempts after a failure are spaced out: the first after
/// <see cref="BrokerLinkOptions.ReconnectFirstDelay"/>, doubling up to <see cref="BrokerLinkOptions.ReconnectMaxDelay"/>; until
/// then <see cref="OpenChannelAsync"/> fails at once. The client library's own recovery is off: a consumer must know
/// which channel delivered what it acknowledges, so every user of this class opens its channels again itself.
/// </summary>
public sealed class HubExConnection : IAsyncDisposable
{
    private readonly BrokerLinkOptions _options;
    private readonly string _purpose;
    private readonly TimeProvider _time;
    private readonly ConnectionFactory _factory;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private int _failures;
    private DateTimeOffset _nextAttempt = DateTimeOffset.MinValue;
    private volatile string? _lastProblem;

    /// <param name="purpose">What the connection is for (<c>send</c>, <c>dispatch</c>): shown by <c>rabbitmqctl
    /// list_connections client_properties</c>.</param>
    /// <exception cref="ArgumentException">The options name no certificate, or a file cannot be read.</exception>
    public HubExConnection(BrokerLinkOptions options, string purpose, TimeProvider time)
    {
        _options = options;
        _purpose = purpose;
        _time = time;
        _factory = Factory(options);
    }

    /// <summary>Open now: a connection and the channel opened on it last worked.</summary>
    public bool IsOpen => _connection is { IsOpen: true } && _lastProblem is null;

    /// <summary>The last failure, until a channel opens again.</summary>
    public string? LastProblem => _lastProblem;

    /// <summary>How long to wait before the next attempt is due (zero when it is).</summary>
    public TimeSpan UntilNextAttempt
    {
        get
        {
            var wait = _nextAttempt - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>A new channel on the connection, connecting first if needed. A wrong vhost or a missing permission
    /// shows only here (the broker accepts the login, then closes the connection at the first channel).</summary>
    /// <exception cref="BrokerUnavailableException">No connection now (it failed, or the next attempt is not due).</exception>
    public async Task<IChannel> OpenChannelAsync(CreateChannelOptions channelOptions, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var connection = await ConnectedAsync(cancellationToken);
            try
            {
                var channel = await connection.CreateChannelAsync(channelOptions, cancellationToken);
                _failures = 0;
                _lastProblem = null;
                return channel;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw await FailedAsync("the broker refused a channel", exception);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Records that the connection or a channel on it was lost (closed by the broker, a confirm that never
    /// came): the connection is dropped, the next <see cref="OpenChannelAsync"/> opens a new one.</summary>
    public async Task LostAsync(string problem)
    {
        await _gate.WaitAsync();
        try
        {
            _lastProblem = problem;
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IConnection> ConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsOpen: true } open) return open;
        if (UntilNextAttempt > TimeSpan.Zero)
            throw new BrokerUnavailableException($"{_lastProblem}; next attempt at {_nextAttempt:HH:mm:ss}");
        await DropAsync();
        try
        {
            var connection = await _factory.CreateConnectionAsync($"{_options.LoginId} {_purpose}", cancellationToken);
            connection.ConnectionShutdownAsync += OnShutdownAsync;
            _connection = connection;
            return connection;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw await FailedAsync($"no connection to amqps://{_options.Host}:{_options.Port}/{_options.VirtualHost}", exception);
        }
    }

    private async Task<BrokerUnavailableException> FailedAsync(string what, Exception exception)
    {
        _failures++;
        var doublings = Math.Min(_failures - 1, 30);
        var delay = TimeSpan.FromTicks(Math.Min(_options.ReconnectFirstDelay.Ticks * (1L << doublings), _options.ReconnectMaxDelay.Ticks));
        _nextAttempt = _time.GetUtcNow() + delay;
        _lastProblem = $"{what}: {Innermost(exception).Message}";
        await DropAsync();
        return new BrokerUnavailableException($"{_lastProblem}; next attempt in {delay.TotalSeconds:0.#} s", exception);
    }

    private Task OnShutdownAsync(object sender, ShutdownEventArgs reason)
    {
        if (reason.Initiator != ShutdownInitiator.Application)
            _lastProblem = $"connection lost: AMQP {reason.ReplyCode} {reason.ReplyText}";
        return Task.CompletedTask;
    }

    private async Task DropAsync()
    {
        if (_connection is null) return;
        var connection = _connection;
        _connection = null;
        connection.ConnectionShutdownAsync -= OnShutdownAsync;
        try
        {
            await connection.CloseAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception)
        {
            // Already dead: there is nothing left to close politely.
        }
        connection.Dispose();
    }

    // The client library wraps the cause (BrokerUnreachableException → AuthenticationException → ...): the innermost says it.
    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null) exception = exception.InnerException;
        return exception;
    }

    private static ConnectionFactory Factory(BrokerLinkOptions options)
    {
        var certificate = HubCertificate(options);
        var authority = options.CaCertificatePem is { } caFile ? X509Certificate2.CreateFromPem(File.ReadAllText(caFile)) : null;
        return new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            AuthMechanisms = [new ExternalMechanismFactory()],
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            Ssl = new SslOption
            {
                Enabled = true,
                ServerName = options.ServerName ?? options.Host,
                Version = SslProtocols.Tls12,
                Certs = [certificate],
                CertificateValidationCallback = (_, server, _, errors) => IsTrusted(server, errors, authority),
            },
        };
    }

    private static X509Certificate2 HubCertificate(BrokerLinkOptions options)
    {
        if (options.CertificatePfx is { } pfx)
            return X509CertificateLoader.LoadPkcs12FromFile(pfx, options.CertificatePassword);
        if (options.CertificatePem is { } pem && options.CertificateKeyPem is { } key)
            return X509Certificate2.CreateFromPemFile(pem, key);
        throw new ArgumentException($"the hub's certificate as {options.LoginId} is required: CertificatePfx (+ CertificatePassword), or CertificatePem + CertificateKeyPem");
    }

    /// <summary>The broker's certificate must match its name and chain to <paramref name="authority"/> when one is
    /// configured (trusted for this check only, never installed), otherwise to the machine's trust store.</summary>
    private static bool IsTrusted(X509Certificate? server, SslPolicyErrors errors, X509Certificate2? authority)
    {
        if (authority is null) return errors == SslPolicyErrors.None;
        if (server is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        // A private CA publishes no revocation list the hub could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = X509CertificateLoader.LoadCertificate(server.GetRawCertData());
        return chain.Build(presented);
    }
}
