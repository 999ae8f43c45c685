using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;

namespace MCIC2.Interop.Simulators.PeerHubEx.Provisioning;

/// <summary>The queues of a client: <c>&lt;id&gt;.message</c> (Report, Update, Cancel), <c>&lt;id&gt;.ack</c>, <c>&lt;id&gt;.info</c> (Error).</summary>
public enum RecipientQueue { Message, Ack, Info }

public static class RecipientQueues
{
    public static IReadOnlyList<RecipientQueue> All { get; } = [RecipientQueue.Message, RecipientQueue.Ack, RecipientQueue.Info];

    public static string Name(string clientId, RecipientQueue queue) => $"{clientId}.{queue.ToString().ToLowerInvariant()}";

    /// <summary>Hub Santé's choice by the envelope's <c>distributionKind</c>; null for a kind it does not route.</summary>
    public static RecipientQueue? ForKind(string? kind) => kind switch
    {
        "Report" or "Update" or "Cancel" => RecipientQueue.Message,
        "Ack" => RecipientQueue.Ack,
        "Error" => RecipientQueue.Info,
        _ => null,
    };
}

/// <summary>
/// The RabbitMQ definitions (<c>rabbitmqctl import_definitions</c>) of a force's HubEx, as Hub Santé's test broker
/// defines its own: what AMQP cannot create (users, rights) and the whole topology, so nobody declares anything at run
/// time. Every user is without password (certificate login only, SASL EXTERNAL). A client configures nothing, writes
/// only to the send exchange with its id as routing key (topic permission <c>^id$</c>) and reads <c>^id\..*</c>, Hub
/// Santé's read pattern; the HubEx's own user reads its dispatcher queue and DLQ and writes to the distribution
/// exchange. Client queues: durable, queue TTL, dead-lettered to the fanout DLX bound to the DLQ.
/// </summary>
public static class PeerHubExDefinitions
{
    public const string NoRight = "^$";

    public static string ClientWrite(PeerHubExSettings settings) => $"^{Regex.Escape(settings.SendExchange)}$";

    public static string ClientRead(string clientId) => $"^{Regex.Escape(clientId)}\\..*";

    public static JsonObject For(PeerHubExSettings settings)
    {
        var vhost = settings.VirtualHost;
        var clients = settings.Clients.Select(c => c.Id).ToList();
        JsonObject Permission(string user, string write, string read) => new()
        {
            ["user"] = user, ["vhost"] = vhost, ["configure"] = NoRight, ["write"] = write, ["read"] = read,
        };
        JsonObject Exchange(string name, string type) => new()
        {
            ["name"] = name, ["vhost"] = vhost, ["type"] = type, ["durable"] = true, ["auto_delete"] = false, ["internal"] = false, ["arguments"] = new JsonObject(),
        };
        JsonObject Queue(string name, JsonObject arguments) => new()
        {
            ["name"] = name, ["vhost"] = vhost, ["durable"] = true, ["auto_delete"] = false, ["arguments"] = arguments,
        };
        JsonObject Binding(string source, string queue, string key) => new()
        {
            ["source"] = source, ["vhost"] = vhost, ["destination"] = queue, ["destination_type"] = "queue", ["routing_key"] = key, ["arguments"] = new JsonObject(),
        };
        var clientQueues = clients.SelectMany(id => RecipientQueues.All.Select(q => RecipientQueues.Name(id, q))).ToList();

        return new JsonObject
        {
            ["users"] = new JsonArray([.. new[] { settings.HubId }.Concat(clients).Select(id => (JsonNode)new JsonObject
            {
                ["name"] = id,
                // No hash: a password login can never succeed, only the certificate does.
                ["password_hash"] = "",
                ["hashing_algorithm"] = "rabbit_password_hashing_sha256",
                ["tags"] = new JsonArray(),
            })]),
            ["vhosts"] = new JsonArray(new JsonObject { ["name"] = vhost }),
            ["permissions"] = new JsonArray([
                Permission(settings.HubId,
                    $"^{Regex.Escape(settings.DistributionExchange)}$",
                    $"^({Regex.Escape(settings.DispatcherQueue)}|{Regex.Escape(settings.DeadLetterQueue)})$"),
                .. clients.Select(id => Permission(id, ClientWrite(settings), ClientRead(id))),
            ]),
            ["topic_permissions"] = new JsonArray([.. clients.Select(id => (JsonNode)new JsonObject
            {
                ["user"] = id, ["vhost"] = vhost, ["exchange"] = settings.SendExchange, ["write"] = $"^{Regex.Escape(id)}$", ["read"] = NoRight,
            })]),
            ["exchanges"] = new JsonArray(
                Exchange(settings.SendExchange, "topic"),
                Exchange(settings.DistributionExchange, "direct"),
                Exchange(settings.DeadLetterExchange, "fanout")),
            ["queues"] = new JsonArray([
                Queue(settings.DispatcherQueue, settings.DispatcherQueueLength is { } length
                    ? new JsonObject { ["x-max-length"] = length, ["x-overflow"] = "reject-publish" }
                    : new JsonObject()),
                Queue(settings.DeadLetterQueue, new JsonObject()),
                .. clientQueues.Select(name => Queue(name, new JsonObject
                {
                    ["x-message-ttl"] = (long)settings.QueueTtl.TotalMilliseconds,
                    ["x-dead-letter-exchange"] = settings.DeadLetterExchange,
                })),
            ]),
            ["bindings"] = new JsonArray([
                Binding(settings.SendExchange, settings.DispatcherQueue, "#"),
                Binding(settings.DeadLetterExchange, settings.DeadLetterQueue, ""),
                .. clientQueues.Select(name => Binding(settings.DistributionExchange, name, name)),
            ]),
        };
    }
}
