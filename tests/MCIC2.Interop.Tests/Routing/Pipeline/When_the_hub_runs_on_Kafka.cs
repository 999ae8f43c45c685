using MCIC2.Interop.Adapters.Kafka;
using MCIC2.Interop.PartnerLinks.Channels;
using Confluent.Kafka;
using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.Routing.Pipeline;
using Microsoft.Extensions.DependencyInjection;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>Kafka profile against the librdkafka mock cluster: intake → mcic2.intake (keyed) → processor in order per
/// incident; incident changes on mcic2.incidents keyed by incident.</summary>
[TestClass]
public sealed class When_the_hub_runs_on_Kafka
{
    private static KafkaMockCluster _kafka = null!;
    private static BusUnderTest _hub = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _kafka = new KafkaMockCluster();
        _hub = await BusUnderTest.StartAsync(
            ["--Hub:Profile=kafka", $"--Hub:Kafka={_kafka.BootstrapServers}", $"--Hub:Postgres={TestPostgres.ConnectionString}",
             $"--Hub:BusSchema={TestPostgres.NewSchema()}", "--Hub:SingleNode=true"],
            new RecordingProcessor());
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        // Null when the class could not start (e.g. no PostgreSQL): that failure is the one to read.
        if (_hub is not null) await _hub.DisposeAsync();
        _kafka?.Dispose();
    }

    [TestMethod]
    public async Task Accepted_messages_reach_the_processor_through_the_intake_topic_in_order_per_incident()
    {
        int[] incidents = [41, 42, 43];
        var sent = incidents.ToDictionary(i => PipelineMessages.CaseId(i), _ => new List<string>());
        for (var sequence = 0; sequence < 20; sequence++)
        {
            foreach (var incident in incidents)
            {
                var id = PipelineMessages.DistributionId(incident, sequence);
                await _hub.AcceptAsync(PipelineMessages.CaseCreation(PipelineMessages.CaseId(incident), id));
                sent[PipelineMessages.CaseId(incident)].Add(id);
            }
        }

        await Poll.WaitUntil(
            () => sent.Keys.All(key => _hub.Processor.DistributionIdsOf(key).Count >= 20),
            TimeSpan.FromSeconds(60), "60 messages through Kafka");
        foreach (var (key, ids) in sent)
        {
            CollectionAssert.AreEqual(ids, _hub.Processor.DistributionIdsOf(key).ToList(), $"order of {key}");
        }
    }

    [TestMethod]
    public async Task Incident_changes_are_published_keyed_by_incident_in_order_with_their_version()
    {
        var feed = KafkaProfile.Feed;
        var channel = _hub.App.Services.GetRequiredService<PartnerChannels>().Find(feed.Channel)!;
        string[] keys = [PipelineMessages.CaseId(51), PipelineMessages.CaseId(52)];
        for (var version = 1; version <= 5; version++)
        {
            foreach (var key in keys)
            {
                var sent = await channel.SendAsync(new OutgoingMessage($"{key}/{version}", feed.Id, feed.Address, key, "CANONICAL", "Update",
                    "application/json", System.Text.Encoding.UTF8.GetBytes($$"""{"version":{{version}}}"""), IncidentVersion: version), CancellationToken.None);
                Assert.AreEqual(DeliveryOutcome.Delivered, sent.Outcome, sent.Detail);
            }
        }

        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = _kafka.BootstrapServers,
            GroupId = "incident-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(KafkaProfile.IncidentsTopic);
        var read = new List<(string Key, string ChangeId, string Version)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (read.Count < 10 && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message })
            {
                read.Add((message.Key, System.Text.Encoding.UTF8.GetString(message.Headers.GetLastBytes(KafkaIncidentChangeChannel.ChangeIdHeader)),
                    System.Text.Encoding.UTF8.GetString(message.Headers.GetLastBytes(KafkaIncidentChangeChannel.IncidentVersionHeader))));
            }
        }
        consumer.Close();

        Assert.HasCount(10, read, "changes read back within 30 s");
        foreach (var key in keys)
        {
            CollectionAssert.AreEqual(
                Enumerable.Range(1, 5).Select(v => ($"{key}/{v}", $"{v}")).ToList(),
                read.Where(r => r.Key == key).Select(r => (r.ChangeId, r.Version)).ToList(), $"changes of {key}: each its id and its version");
        }
    }
}
