using System.Globalization;
using System.Text;
using Confluent.Kafka;
using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Adapters.Kafka;

/// <summary>
/// The incident-change feed for the other MCIC2 modules: each change, in canonical JSON, to the topic its address
/// names (<c>mcic2.incidents</c>), keyed by incident key (one incident's changes stay in one partition, in order), with
/// an idempotent producer (a retried send is not written twice). The delivery id and the incident version go in
/// headers so a consumer drops a change republished after a crash and knows which version it holds.
/// </summary>
public sealed class KafkaIncidentChangeChannel : IPartnerChannel, IDisposable
{
    public const string ChannelName = "kafka";
    public const string ChangeIdHeader = "mcic2-change-id";
    public const string IncidentVersionHeader = "mcic2-incident-version";

    private readonly IProducer<string, byte[]> _producer;

    public KafkaIncidentChangeChannel(string bootstrapServers)
    {
        _producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
        }).Build();
    }

    public string Name => ChannelName;

    /// <summary>A Kafka topic name: 1 to 249 of <c>[a-zA-Z0-9._-]</c>.</summary>
    public string? CheckAddress(string address) =>
        address.Length is > 0 and <= 249 && address.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && address is not "." and not ".."
            ? null
            : $"'{address}' is not a Kafka topic name";

    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var headers = new Headers { new Header(ChangeIdHeader, Encoding.UTF8.GetBytes(message.DeliveryId)) };
        if (message.IncidentVersion is { } version)
            headers.Add(new Header(IncidentVersionHeader, Encoding.UTF8.GetBytes(version.ToString(CultureInfo.InvariantCulture))));
        try
        {
            var written = await _producer.ProduceAsync(message.Address, new Message<string, byte[]>
            {
                Key = message.IncidentKey,
                Value = message.Body,
                Headers = headers,
            }, cancellationToken);
            return new DeliveryResult(DeliveryOutcome.Delivered, $"{written.TopicPartitionOffset}");
        }
        catch (ProduceException<string, byte[]> e) when (e.Error.IsFatal)
        {
            return new DeliveryResult(DeliveryOutcome.Refused, e.Error.Reason, $"KAFKA {e.Error.Code}");
        }
        catch (KafkaException e)
        {
            return new DeliveryResult(DeliveryOutcome.TransientFailure, e.Error.Reason, $"KAFKA {e.Error.Code}");
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
