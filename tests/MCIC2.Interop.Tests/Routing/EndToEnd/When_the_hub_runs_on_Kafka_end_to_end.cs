using Confluent.Kafka;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.Tests.Routing.Pipeline;
using MCIC2.Interop.Tests.Support;
using Npgsql;

namespace MCIC2.Interop.Tests.Routing.EndToEnd;

/// <summary>The kafka profile with the real processor: partners are served, and every incident change reaches the
/// other MCIC2 modules on <c>mcic2.incidents</c>, keyed by incident (librdkafka's mock cluster, real PostgreSQL).</summary>
[TestClass]
public sealed class When_the_hub_runs_on_Kafka_end_to_end
{
    [TestMethod]
    public async Task A_case_is_delivered_and_each_of_its_changes_is_published_keyed_by_incident()
    {
        using var kafka = new KafkaMockCluster();
        await using var scratch = await ScratchSchema.CreateAsync();
        var schema = scratch.Name;
        var store = scratch.ConnectionString;
        await using var hub = await HubUnderTest.StartAsync(null,
            "--Hub:Profile=kafka", $"--Hub:Kafka={kafka.BootstrapServers}", $"--Hub:Postgres={store}", $"--Hub:BusSchema={schema}_bus", "--Hub:SingleNode=true");

        await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_K-1", TestClock.Now()));
        await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireResources, "fr.fire.sdis35", "fr.fire.sdis35_K-2", TestClock.Now().AddMinutes(1)));
        await hub.WaitForAsync(l => l.Of("fr.health.samu35").Count == 2, TimeSpan.FromSeconds(60));

        var changes = ReadChanges(kafka.BootstrapServers, atLeast: 2);
        Assert.IsTrue(changes.All(c => c.Key == "fr.fire.CGA_national.SC-20240813-CGA_national-AT517"), string.Join(", ", changes.Select(c => c.Key)));
        var last = CanonicalJson.Read(changes[^1].Value);
        Assert.IsNotEmpty(last.Incident!.Resources, "the latest change carries the resources of the RC-RI");
    }

    private static List<(string Key, string Value)> ReadChanges(string bootstrapServers, int atLeast)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "mcic2-module-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(KafkaProfile.IncidentsTopic);
        var read = new List<(string, string)>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (read.Count < atLeast && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: { } message }) read.Add((message.Key, message.Value));
        }
        Assert.IsGreaterThanOrEqualTo(atLeast, read.Count, "incident changes published on mcic2.incidents");
        return read;
    }
}
