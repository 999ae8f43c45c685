using Confluent.Kafka;
using MCIC2.Interop.Adapters.Kafka;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Pipeline;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.Kafka;
using Wolverine.Postgresql;

namespace MCIC2.Interop.HubHost.Profiles;

/// <summary>
/// Kafka (<c>Hub:Kafka</c> bootstrap servers) carries the intake → processing hop on topic <c>mcic2.intake</c>,
/// keyed by incident key so a partition's order is the incident order; PostgreSQL (<c>Hub:Postgres</c>) keeps the
/// outbox and inbox. Incident changes go to <c>mcic2.incidents</c>. Correctness rests on the idempotent producer
/// and the processor's dedup by distribution id, not on Kafka transactions.
/// </summary>
public sealed class KafkaProfile(string bootstrapServers, string postgres, string schema, bool singleNode) : HubProfile
{
    public const string IntakeTopic = "mcic2.intake";
    public const string IncidentsTopic = "mcic2.incidents";
    public const string ConsumerGroup = "mcic2-hub";

    /// <summary>Every incident change, in canonical JSON, on the Kafka channel to <see cref="IncidentsTopic"/>.</summary>
    public override IncidentChangeFeed? IncidentChanges => Feed;

    public static IncidentChangeFeed Feed { get; } =
        new("mcic2.incidents", PartnerLinks.Formats.CanonicalJsonFormat.FormatName, KafkaIncidentChangeChannel.ChannelName, IncidentsTopic);

    public override string Name => "kafka";

    public override void ConfigureBus(WolverineOptions opts)
    {
        opts.PersistMessagesWithPostgresql(postgres, schema);
        SingleNode(opts, singleNode);
        // No AutoProvision: topics are the platform's to create (and librdkafka's mock cannot create them).
        opts.UseKafka(bootstrapServers)
            .ConfigureProducers(producer =>
            {
                producer.EnableIdempotence = true;
                producer.Acks = Acks.All;
            })
            .ConfigureConsumers(consumer =>
            {
                consumer.GroupId = ConsumerGroup;
                consumer.AutoOffsetReset = AutoOffsetReset.Earliest;
            });
        // Durable outbox: the intake's publish returns once the envelope is in PostgreSQL.
        opts.PublishMessage<AcceptedMessage>().ToKafkaTopic(IntakeTopic).UseDurableOutbox();
        // Durable inbox sharded by Kafka key: one incident at a time, different incidents concurrently.
        opts.ListenToKafkaTopic(IntakeTopic).ProcessConcurrentlyByKey(PartitionSlots.Five);
    }

    public override void AddServices(IServiceCollection services)
    {
        services.AddSingleton<IIntakeQueue, KeyedTopicQueue>();
        services.AddSingleton<IPartnerChannel>(_ => new KafkaIncidentChangeChannel(bootstrapServers));
    }
}
