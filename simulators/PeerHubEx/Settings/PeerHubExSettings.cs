using System.Text.Json;
using System.Text.Json.Serialization;
using MCIC2.Interop.Adapters.Cisu.Encoding;

namespace MCIC2.Interop.Simulators.PeerHubEx.Settings;

/// <summary>
/// One force's HubEx as its operator sets it up: its own id (the sender of its RS-ERRORs), the vhost of the perimeter
/// and version, Hub Santé's exchange and queue names, the queue TTL, the use cases that version carries, its clients
/// and the faults each client link starts with. Read from a settings file (<c>forces/health.json</c>...).
/// </summary>
public sealed record PeerHubExSettings
{
    /// <summary>The force, for logs: health, fire, gendarmerie...</summary>
    public required string Force { get; init; }

    /// <summary>The HubEx's own client id: it logs in with it and signs its RS-ERRORs with it.</summary>
    public required string HubId { get; init; }

    public required string VirtualHost { get; init; }

    /// <summary>The topic exchange clients publish to (<c>hubsante</c> for health).</summary>
    public string SendExchange { get; init; } = "hubsante";

    /// <summary>The direct exchange the dispatcher publishes to, routing key = the recipient's queue name.</summary>
    public string DistributionExchange { get; init; } = "distribution";

    /// <summary>The fanout exchange client queues dead-letter to (a message rejected or expired).</summary>
    public string DeadLetterExchange { get; init; } = "dlx";

    public string DispatcherQueue { get; init; } = "dispatcher";

    public string DeadLetterQueue { get; init; } = "dispatcher.dlq";

    /// <summary>At most this many messages wait ready in the dispatcher queue; beyond, the broker refuses (nacks) a
    /// publish (<c>x-max-length</c>, <c>x-overflow</c> <c>reject-publish</c>). None: unbounded.</summary>
    public int? DispatcherQueueLength { get; init; }

    /// <summary>How many messages the dispatcher takes from its queues before acknowledging one (they are not
    /// counted in <see cref="DispatcherQueueLength"/>).</summary>
    public ushort DispatcherPrefetch { get; init; } = 32;

    /// <summary>How long a message waits in a client queue at most (Hub Santé: 24 h).</summary>
    public TimeSpan QueueTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The use cases (CISU families, e.g. <c>RC-EDA</c>) this vhost's version carries: another recognised use
    /// case is 301 (no schema for it here), a message whose use case nobody recognises is 300.</summary>
    public required IReadOnlyList<string> UseCases { get; init; }

    public required IReadOnlyList<PeerClient> Clients { get; init; }

    /// <summary>The faults each client link starts with, by client id; switchable at run time.</summary>
    public IReadOnlyDictionary<string, LinkFaultSettings> Faults { get; init; } = new Dictionary<string, LinkFaultSettings>();

    public PeerClient? Client(string id) => Clients.FirstOrDefault(c => c.Id == id);

    /// <summary>The client that relays <paramref name="id"/> (another HubEx among the clients: the police hub relays
    /// its CICs and the partners of the other forces), never <paramref name="sender"/> itself (no loop).</summary>
    public PeerClient? RelayOf(string id, string sender) => Clients.FirstOrDefault(c => c.Id != sender && c.Relays(id));

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };

    public static PeerHubExSettings Read(string file) =>
        JsonSerializer.Deserialize<PeerHubExSettings>(File.ReadAllText(file), FileOptions)
        ?? throw new InvalidDataException($"{file}: empty settings");
}

/// <summary>A client of the HubEx: its id (its certificate's CN) and the encoding it wants to receive. A health client
/// gets its preference (JSON by default); any other gets XML whatever it asks, as Hub Santé converts for non-health recipients.
/// <paramref name="Relay"/>: the ids this client vouches for, when it is itself a HubEx (the police hub, a client of each
/// peer): it may publish envelopes from them, and messages addressed to them (no client here) are delivered to it.
/// Each an id, a prefix ending in <c>.*</c>, or <c>*</c> for any.</summary>
public sealed record PeerClient(string Id, CisuEncoding? Encoding = null, IReadOnlyList<string>? Relay = null)
{
    public CisuEncoding Receives => Id.StartsWith("fr.health.", StringComparison.Ordinal) ? Encoding ?? CisuEncoding.Json : CisuEncoding.Xml;

    public bool Relays(string id) => Relay?.Any(pattern => pattern == "*" || pattern == id
        || (pattern.EndsWith(".*", StringComparison.Ordinal) && id.StartsWith(pattern[..^1], StringComparison.Ordinal))) == true;
}

/// <summary>The faults a client link starts with (see <see cref="Faults.LinkFaults"/>).</summary>
public sealed record LinkFaultSettings(TimeSpan Latency = default, bool Duplicate = false, bool Reorder = false, TimeSpan SlowConsumer = default);
