using System.Collections.Concurrent;
using MCIC2.Interop.Simulators.PeerHubEx.Dispatching;
using MCIC2.Interop.Simulators.PeerHubEx.Faults;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using RabbitMQ.Client;

namespace MCIC2.Interop.Simulators.PeerHubEx;

/// <summary>
/// Another force's HubEx, dispatching as Hub Santé does, on a real RabbitMQ whose definitions
/// (<see cref="PeerHubExDefinitions"/>) were imported. Runs in-process (tests, scenarios: faults switched per client
/// link at run time) or standalone (<c>dotnet run --project simulators/PeerHubEx</c>).
/// </summary>
public sealed class PeerHubExSimulator : IAsyncDisposable
{
    private readonly PeerHubExConnection _connectionSettings;
    private readonly IConnection _connection;
    private readonly PeerDispatcher _dispatcher;
    private readonly ConcurrentDictionary<string, LinkFaults> _faults;

    private PeerHubExSimulator(PeerHubExSettings settings, PeerHubExConnection connectionSettings, IConnection connection, TimeProvider time)
    {
        Settings = settings;
        _connectionSettings = connectionSettings;
        _connection = connection;
        _faults = new(settings.Clients.ToDictionary(c => c.Id, c => new LinkFaults(settings.Faults.GetValueOrDefault(c.Id) ?? new LinkFaultSettings())));
        _dispatcher = new PeerDispatcher(settings, connection, new DispatcherChecks(settings, time), new ErrorReports(settings, time), Faults, time);
    }

    public PeerHubExSettings Settings { get; }

    /// <summary>What failed while dispatching; those messages stayed in the queue and came again.</summary>
    public IReadOnlyCollection<Exception> Failures => _dispatcher.Failures;

    /// <summary>True while the dispatcher handles a message (see <see cref="PeerDispatcher.Busy"/>): with its queues
    /// empty, the HubEx is idle.</summary>
    public bool Busy => _dispatcher.Busy;

    /// <summary>Nothing waits here: the dispatcher not busy, its queues and every client's queues empty (passive
    /// declares, which need no permission, on a channel of the simulator's own connection).</summary>
    public async Task<bool> IdleAsync(CancellationToken cancellationToken)
    {
        if (Busy) return false;
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        foreach (var queue in new[] { Settings.DispatcherQueue, Settings.DeadLetterQueue }
                     .Concat(Settings.Clients.SelectMany(c => RecipientQueues.All.Select(q => RecipientQueues.Name(c.Id, q)))))
        {
            if ((await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount > 0) return false;
        }
        return !Busy;
    }

    /// <summary>The faults of the link to <paramref name="clientId"/>, to switch at run time.</summary>
    public LinkFaults Faults(string clientId) =>
        _faults.TryGetValue(clientId, out var faults) ? faults : throw new ArgumentException($"{clientId} is no client of {Settings.HubId}", nameof(clientId));

    /// <summary>Connects as the HubEx's own id and starts dispatching. The definitions must have been imported.</summary>
    public static async Task<PeerHubExSimulator> StartAsync(PeerHubExSettings settings, PeerHubExConnection connection, TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        var amqp = await connection.Factory(settings.VirtualHost, $"{settings.Force} HubEx simulator").CreateConnectionAsync(cancellationToken);
        var simulator = new PeerHubExSimulator(settings, connection, amqp, time ?? TimeProvider.System);
        try
        {
            await simulator._dispatcher.StartAsync(cancellationToken);
        }
        catch
        {
            await simulator.DisposeAsync();
            throw;
        }
        return simulator;
    }

    /// <summary>A faulty HubEx: puts <paramref name="body"/> in <paramref name="clientId"/>'s <paramref name="queue"/> as
    /// it is, without the dispatcher's checks — a reply that is not well-formed, breaks the schemas, or has expired
    /// already on arrival (<see cref="FaultyReplies"/>) — persistent, message id <paramref name="messageId"/>.</summary>
    public Task InjectAsync(string clientId, RecipientQueue queue, byte[] body, string contentType, string messageId) =>
        _dispatcher.InjectAsync(new Delivery(Settings.HubId, Settings.Client(clientId)?.Id ?? throw new ArgumentException($"{clientId} is no client of {Settings.HubId}", nameof(clientId)), queue, messageId, body, contentType, Settings.QueueTtl));

    /// <summary>Cuts the link to <paramref name="clientId"/>: its connections closed, its logins refused until
    /// <see cref="EndOutageAsync"/>. What the HubEx routes to it meanwhile waits in its queues.</summary>
    public async Task StartOutageAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var faults = Faults(clientId);
        await Ctl().CutAsync(Settings, clientId, cancellationToken);
        faults.Outage = true;
    }

    public async Task EndOutageAsync(string clientId, CancellationToken cancellationToken = default)
    {
        var faults = Faults(clientId);
        await Ctl().RestoreAsync(Settings, clientId, cancellationToken);
        faults.Outage = false;
    }

    private RabbitMqCtl Ctl() => new(_connectionSettings.RabbitMqCtl
        ?? throw new InvalidOperationException("an outage needs rabbitmqctl (PeerHubExConnection.RabbitMqCtl, --rabbitmqctl)"));

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
