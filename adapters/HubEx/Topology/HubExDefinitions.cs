using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.HubEx.Options;

namespace MCIC2.Interop.Adapters.HubEx.Topology;

/// <summary>
/// The RabbitMQ definitions (<c>rabbitmqctl import_definitions FILE</c>; additive, re-runnable) of the HubEx for a set of
/// clients: what AMQP cannot create — the users and their rights — and the same exchanges, queues and bindings the hub
/// declares. Each client is a user without password (it logs in by certificate only, SASL EXTERNAL) that
/// <list type="bullet">
/// <item>configures nothing (so it declares its queues passively);</item>
/// <item>writes only to the send exchange, and only with its own id as routing key (topic permission);</item>
/// <item>reads only its own three queues.</item>
/// </list>
/// The hub's user (its <see cref="HubExOptions.HubId"/>) owns the vhost.
/// </summary>
public static class HubExDefinitions
{
    public static JsonObject For(HubExOptions options, IEnumerable<string> clientIds)
    {
        var clients = HubExTopology.Checked(options, clientIds);
        var topology = HubExTopology.For(options, clients);
        var vhost = options.VirtualHost;

        return new JsonObject
        {
            ["users"] = Array([options.HubId, .. clients], id => new JsonObject
            {
                ["name"] = id,
                // No hash: a password login (PLAIN) can never succeed, only the certificate does.
                ["password_hash"] = "",
                ["hashing_algorithm"] = "rabbit_password_hashing_sha256",
                ["tags"] = new JsonArray(),
            }),
            ["vhosts"] = new JsonArray(new JsonObject { ["name"] = vhost }),
            ["permissions"] = Array([options.HubId, .. clients], id => id == options.HubId
                ? Permission(vhost, id, configure: ".*", write: ".*", read: ".*")
                : Permission(vhost, id, configure: "", write: $"^{Escape(options.SendExchange)}$", read: ReadPattern(id))),
            ["topic_permissions"] = Array(clients, id => new JsonObject
            {
                ["user"] = id,
                ["vhost"] = vhost,
                ["exchange"] = options.SendExchange,
                ["write"] = $"^{Escape(id)}$",
                ["read"] = "^$",
            }),
            ["exchanges"] = Array(topology.Exchanges, exchange => new JsonObject
            {
                ["name"] = exchange.Name,
                ["vhost"] = vhost,
                ["type"] = exchange.Type,
                ["durable"] = true,
                ["auto_delete"] = false,
                ["internal"] = false,
                ["arguments"] = new JsonObject(),
            }),
            ["queues"] = Array(topology.Queues, queue => new JsonObject
            {
                ["name"] = queue.Name,
                ["vhost"] = vhost,
                ["durable"] = true,
                ["auto_delete"] = false,
                ["arguments"] = new JsonObject(queue.Arguments.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue(a.Value)))),
            }),
            ["bindings"] = Array(topology.Bindings, binding => new JsonObject
            {
                ["source"] = binding.Exchange,
                ["vhost"] = vhost,
                ["destination"] = binding.Queue,
                ["destination_type"] = "queue",
                ["routing_key"] = binding.RoutingKey,
                ["arguments"] = new JsonObject(),
            }),
        };
    }

    /// <summary>
    /// A client's three queues exactly, not Hub Santé's <c>^id\..*</c>: with that one, a client whose id is a prefix of
    /// another's (<c>fr.police</c> and <c>fr.police.cic35</c>) could read the other's queues.
    /// </summary>
    public static string ReadPattern(string clientId) => $"^{Escape(clientId)}\\.(message|ack|info)$";

    private static JsonObject Permission(string vhost, string user, string configure, string write, string read) => new()
    {
        ["user"] = user,
        ["vhost"] = vhost,
        ["configure"] = configure,
        ["write"] = write,
        ["read"] = read,
    };

    // The broker reads the patterns as PCRE, which takes .NET's escapes of the metacharacters.
    private static string Escape(string name) => Regex.Escape(name);

    private static JsonArray Array<T>(IEnumerable<T> items, Func<T, JsonNode> item) => new([.. items.Select(item)]);

    private static JsonNode JsonValue(object value) => value switch
    {
        string text => System.Text.Json.Nodes.JsonValue.Create(text),
        long number => System.Text.Json.Nodes.JsonValue.Create(number),
        _ => throw new ArgumentException($"a queue argument of type {value.GetType().Name} has no definitions form"),
    };
}
