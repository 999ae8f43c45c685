using MCIC2.Interop.Adapters.HubEx.Options;

namespace MCIC2.Interop.Adapters.HubEx.Topology;

/// <summary>
/// What the hub's broker holds for a set of clients, as data: the hub declares it over AMQP
/// (<see cref="TopologyDeclaration"/>) and writes it into the definitions the broker imports (<see cref="HubExDefinitions"/>),
/// so the two cannot drift apart.
/// <list type="bullet">
/// <item>send: topic exchange → the dispatcher queue (every routing key);</item>
/// <item>distribution: direct exchange → each client's <c>.message</c>, <c>.ack</c>, <c>.info</c> (routing key = queue name);</item>
/// <item>dead letters: the client queues' fanout DLX → the hub's dead-letter queue.</item>
/// </list>
/// All durable quorum queues; the client queues expire messages after the queue TTL and dead-letter them.
/// </summary>
public sealed record HubExTopology(
    IReadOnlyList<HubExTopology.Exchange> Exchanges,
    IReadOnlyList<HubExTopology.Queue> Queues,
    IReadOnlyList<HubExTopology.Binding> Bindings)
{
    public sealed record Exchange(string Name, string Type);

    /// <param name="Arguments">Strings and longs only: both AMQP and the definitions file carry them as they are.</param>
    public sealed record Queue(string Name, IReadOnlyDictionary<string, object> Arguments);

    public sealed record Binding(string Exchange, string Queue, string RoutingKey);

    /// <summary>The topology for <paramref name="clientIds"/> (each checked by <see cref="ClientIds.Check"/>).</summary>
    public static HubExTopology For(HubExOptions options, IEnumerable<string> clientIds)
    {
        var clients = Checked(options, clientIds);
        var hubQueue = new Dictionary<string, object> { ["x-queue-type"] = "quorum" };
        var clientQueue = new Dictionary<string, object>
        {
            ["x-queue-type"] = "quorum",
            ["x-message-ttl"] = (long)options.QueueTtl.TotalMilliseconds,
            ["x-dead-letter-exchange"] = options.DeadLetterExchange,
        };
        var clientQueues = clients.SelectMany(id => ClientQueues.All.Select(q => ClientQueues.Name(id, q))).ToList();

        return new HubExTopology(
            [
                new Exchange(options.SendExchange, "topic"),
                new Exchange(options.DistributionExchange, "direct"),
                new Exchange(options.DeadLetterExchange, "fanout"),
            ],
            [
                new Queue(options.DispatcherQueue, hubQueue),
                new Queue(options.DeadLetterQueue, hubQueue),
                .. clientQueues.Select(name => new Queue(name, clientQueue)),
            ],
            [
                new Binding(options.SendExchange, options.DispatcherQueue, "#"),
                new Binding(options.DeadLetterExchange, options.DeadLetterQueue, ""),
                .. clientQueues.Select(name => new Binding(options.DistributionExchange, name, name)),
            ]);
    }

    /// <summary>The distinct client ids, or why one cannot be a client (the rules loader checks them first: this is a
    /// last guard, since a bad id here would become a broker user).</summary>
    internal static IReadOnlyList<string> Checked(HubExOptions options, IEnumerable<string> clientIds)
    {
        var clients = clientIds.Distinct(StringComparer.Ordinal).ToList();
        var problems = clients.Select(id => ClientIds.Check(id, options)).OfType<string>().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(clientIds));
        return clients;
    }
}
