using System.Text;
using Confluent.Kafka;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.HubHost.Profiles;

/// <summary>
/// Publishes each incident change to <c>mcic2.incidents</c>, keyed by incident key (one incident's changes stay in
/// one partition, in order), with an idempotent producer (a retried send is not written twice). The change id goes
/// in a header so consumers drop a change republished after a crash.
/// </summary>
public sealed class KafkaIncidentChangePublisher : IIncidentChangePublisher, IDisposable
{
    public const string ChangeIdHeader = "mcic2-change-id";

    private readonly IProducer<string, string> _producer;

    public KafkaIncidentChangePublisher(string bootstrapServers)
    {
        _producer = new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        }).Build();
    }

    public async Task PublishAsync(IncidentChange change, CancellationToken ct)
    {
        await _producer.ProduceAsync(KafkaProfile.IncidentsTopic, new Message<string, string>
        {
            Key = change.IncidentKey,
            Value = change.IncidentJson,
            Headers = [new Header(ChangeIdHeader, Encoding.UTF8.GetBytes(change.ChangeId))],
        }, ct);
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
