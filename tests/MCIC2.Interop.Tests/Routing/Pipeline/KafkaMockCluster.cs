using Confluent.Kafka;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>
/// librdkafka's in-process mock cluster (no Kafka broker is installable here): the client that owns it must stay
/// alive; other clients reach its brokers by the addresses its metadata gives.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    private readonly IProducer<Null, Null> _owner;

    public KafkaMockCluster()
    {
        _owner = new ProducerBuilder<Null, Null>(new ProducerConfig(new Dictionary<string, string> { ["test.mock.num.brokers"] = "3" })).Build();
        using var admin = new DependentAdminClientBuilder(_owner.Handle).Build();
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        BootstrapServers = string.Join(",", metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
    }

    public string BootstrapServers { get; }

    public void Dispose() => _owner.Dispose();
}
