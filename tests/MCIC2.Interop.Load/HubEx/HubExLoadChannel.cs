using System.Collections.Concurrent;
using System.Text;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.Simulators.RecordingPartner;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client.Events;

namespace MCIC2.Interop.Load.HubEx;

/// <summary>
/// The partners as HubEx clients: the hub in-process is the police HubEx on the run's own vhost of a RabbitMQ (TLS,
/// SASL EXTERNAL); the load's command centres publish (<see cref="HubExLoadClient"/>) and read their <c>.ack</c>, the
/// other partners of the rules read their <c>.message</c>. Anything on an <c>.info</c> queue (an RS-ERROR: the hub
/// refused a message) fails the run.
/// </summary>
public sealed class HubExLoadChannel : ILoadChannel
{
    private readonly LoadOptions _options;
    private readonly HubExLoadRules _rules;
    private readonly LoadBroker _broker;
    private readonly List<HubExLoadClient> _senders = [];
    private readonly List<HubExLoadClient> _recipients = [];
    private readonly List<ReceivedDelivery> _received = [];
    private readonly ConcurrentQueue<string> _errors = new();

    private HubExLoadChannel(LoadOptions options, HubExLoadRules rules, LoadBroker broker)
    {
        _options = options;
        _rules = rules;
        _broker = broker;
    }

    /// <summary>Writes the run's rules (<see cref="LoadOptions.Concurrency"/> command centres) and provisions the broker for them.</summary>
    public static async Task<HubExLoadChannel> StartAsync(LoadOptions options, string directory)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var rules = HubExLoadRules.Write(Path.Combine(directory, "rules"), suffix, options.Concurrency);
        Console.WriteLine($"HubEx: vhost mcic2-load-{suffix} on {options.RabbitMqTls}, hub {rules.HubId}, {rules.Senders.Count} command centres, recipients {string.Join(", ", rules.Recipients)}");
        var broker = await LoadBroker.ProvisionAsync(options, directory, $"mcic2-load-{suffix}", rules.HubId, [.. rules.Senders, .. rules.Recipients]);
        return new HubExLoadChannel(options, rules, broker);
    }

    public IReadOnlyList<ILoadSender> Senders => _senders;

    public IReadOnlyList<ReceivedDelivery> Received
    {
        get
        {
            if (_errors.TryPeek(out var error)) throw new InvalidOperationException(error);
            lock (_received) return [.. _received];
        }
    }

    public async Task<WebApplication> StartHubAsync(IEnumerable<string> settings, Action<IServiceCollection> overrides)
    {
        var app = HubHostBuilder.Build([.. settings, "--Hub:Rules", _rules.File, .. _broker.HubSettings()], overrides);
        await app.StartAsync();
        foreach (var id in _rules.Senders) _senders.Add(await ConnectAsync(id, ClientQueue.Ack));
        foreach (var id in _rules.Recipients) _recipients.Add(await ConnectAsync(id, ClientQueue.Message));
        return app;
    }

    public async Task<IReadOnlyList<(string Measure, string Value)>> TransportAloneAsync()
    {
        var bodies = LoadMessages.Generate("R", _options.Messages, _options.Incidents, _rules.Senders, TimeProvider.System)
            .SelectMany(incident => incident).Select(message => message.Body).ToList();
        return
        [
            await HubExTransportAlone.HubDeliveryAsync(_broker.Hub, _rules.Recipients[0], bodies),
            .. await HubExTransportAlone.RawPublishAsync(_broker.Hub, bodies, _options.Concurrency, quorum: false),
            .. await HubExTransportAlone.RawPublishAsync(_broker.Hub, bodies, _options.Concurrency, quorum: true),
        ];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _senders.Concat(_recipients)) await client.DisposeAsync();
        await _broker.DisposeAsync();
    }

    /// <summary>Connects a client consuming <paramref name="queue"/> and its <c>.info</c>.</summary>
    private Task<HubExLoadClient> ConnectAsync(string id, ClientQueue queue) =>
        HubExLoadClient.ConnectAsync(_broker.As(id), [queue, ClientQueue.Info], (from, delivery, at) =>
        {
            if (from == ClientQueue.Info)
            {
                _errors.Enqueue($"{id} received an RS-ERROR from the hub: {Encoding.UTF8.GetString(delivery.Body.Span)}");
                return;
            }
            var body = delivery.Body.ToArray();
            // Numbered and added in one step: a reader never sees a later number before an earlier one.
            lock (_received) _received.Add(new ReceivedDelivery(_received.Count + 1, id, delivery.BasicProperties.MessageId ?? "", delivery.BasicProperties.ContentType ?? "", body, at));
        });
}
