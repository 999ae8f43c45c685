using MCIC2.Interop.Adapters.HubEx.Connection;
using MCIC2.Interop.Adapters.HubEx.Options;
using RabbitMQ.Client;

namespace MCIC2.Interop.Adapters.HubEx.Topology;

/// <summary>Declares a <see cref="HubExTopology"/> on the broker over the hub's own connection. Idempotent: declaring
/// what exists with the same arguments changes nothing (other arguments fail with 406 PRECONDITION_FAILED).</summary>
public static class TopologyDeclaration
{
    /// <summary>Declares the topology for <paramref name="clientIds"/> over a connection of its own, as the hub.</summary>
    /// <exception cref="BrokerUnavailableException">No connection to the broker.</exception>
    public static async Task DeclareAsync(HubExOptions options, IEnumerable<string> clientIds, TimeProvider time, CancellationToken cancellationToken)
    {
        var topology = HubExTopology.For(options, clientIds);
        await using var connection = new HubExConnection(options, "provision", time);
        await using var channel = await connection.OpenChannelAsync(new CreateChannelOptions(false, false), cancellationToken);
        await DeclareAsync(channel, topology, cancellationToken);
    }

    public static async Task DeclareAsync(IChannel channel, HubExTopology topology, CancellationToken cancellationToken)
    {
        foreach (var exchange in topology.Exchanges)
        {
            await channel.ExchangeDeclareAsync(exchange.Name, exchange.Type, durable: true, autoDelete: false, cancellationToken: cancellationToken);
        }
        foreach (var queue in topology.Queues)
        {
            await channel.QueueDeclareAsync(queue.Name, durable: true, exclusive: false, autoDelete: false,
                queue.Arguments.ToDictionary(a => a.Key, a => (object?)a.Value), cancellationToken: cancellationToken);
        }
        foreach (var binding in topology.Bindings)
        {
            await channel.QueueBindAsync(binding.Queue, binding.Exchange, binding.RoutingKey, cancellationToken: cancellationToken);
        }
    }
}
