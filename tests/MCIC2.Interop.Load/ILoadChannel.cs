using MCIC2.Interop.Simulators.RecordingPartner;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Load;

/// <summary>
/// How the load's partners meet the hub: over HTTP (posting, and a recorder standing in for every partner endpoint),
/// or as HubEx clients on RabbitMQ (publishing, and consuming their queues).
/// </summary>
public interface ILoadChannel : IAsyncDisposable
{
    /// <summary>Builds and starts the hub with <paramref name="settings"/> plus this channel's own (its rules, its
    /// keys), and connects the partners to it.</summary>
    Task<WebApplication> StartHubAsync(IEnumerable<string> settings, Action<IServiceCollection> overrides);

    /// <summary>Who sends the load, once the hub runs; incident i is sent by <c>Senders[i % Senders.Count]</c>.</summary>
    IReadOnlyList<ILoadSender> Senders { get; }

    /// <summary>Everything the partners received so far, in arrival order, duplicates included.</summary>
    IReadOnlyList<ReceivedDelivery> Received { get; }

    /// <summary>The transport's own cost, without the hub's store: what a delivery costs on it alone, and the like.</summary>
    Task<IReadOnlyList<(string Measure, string Value)>> TransportAloneAsync();
}

/// <summary>A partner sending load messages as its own.</summary>
public interface ILoadSender
{
    string Id { get; }

    /// <summary>Sends one message; when it was sent and when the hub (over HTTP) or the broker (over AMQP) took it.</summary>
    Task<Posted> SendAsync(LoadMessage message);
}
