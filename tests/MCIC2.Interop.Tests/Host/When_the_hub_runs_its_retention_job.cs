using MCIC2.Interop.HubHost.Routing;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Routing.Storage;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Host;

/// <summary>The host's retention job on a fake clock, over an SQLite store holding delivered messages.</summary>
[TestClass]
public sealed class When_the_hub_runs_its_retention_job
{
    private const string Samu = "fr.health.samu35";

    [TestMethod]
    public async Task It_removes_what_is_due_at_its_first_pass_and_again_at_the_next()
    {
        await using var test = await TestDatabase.CreateAsync(Database.Sqlite);
        var time = new FakeTimeProvider(TestDeliveries.Start);
        var settings = RetentionSettings.From(new ConfigurationBuilder().Build());
        await DeliveredAsync(test, time, "a");
        time.Advance(settings.Policy.Messages + TimeSpan.FromDays(1));
        using var job = new RetentionJob(test.Store, settings, time, NullLogger<RetentionJob>.Instance);

        await job.StartAsync(CancellationToken.None);
        await RemovedOnceTheClockMovesAsync(test, "a", time, RetentionJob.FirstPassAfter);
        await DeliveredAsync(test, time, "b");
        time.Advance(settings.Policy.Messages);
        await RemovedOnceTheClockMovesAsync(test, "b", time, settings.Every);
        await job.StopAsync(CancellationToken.None);
    }

    [TestMethod]
    public async Task Switched_off_it_removes_nothing()
    {
        await using var test = await TestDatabase.CreateAsync(Database.Sqlite);
        var time = new FakeTimeProvider(TestDeliveries.Start);
        var settings = RetentionSettings.From(Settings(("Hub:Retention:Enabled", "false")));
        await DeliveredAsync(test, time, "a");
        using var job = new RetentionJob(test.Store, settings, time, NullLogger<RetentionJob>.Instance);

        await job.StartAsync(CancellationToken.None);
        await job.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromDays(365));

        Assert.HasCount(1, await test.Outbox.OfIncidentAsync("fr.police.cic35.case-1"));
    }

    [TestMethod]
    public void Its_settings_come_from_Hub_Retention_and_a_period_of_zero_is_refused()
    {
        var settings = RetentionSettings.From(Settings(("Hub:Retention:Messages", "7.00:00:00"), ("Hub:Retention:Incidents", "3650.00:00:00"),
            ("Hub:Retention:BatchSize", "50"), ("Hub:Retention:Every", "00:10:00")));

        Assert.AreEqual((TimeSpan.FromDays(7), TimeSpan.FromDays(3650), 50, TimeSpan.FromMinutes(10), true),
            (settings.Policy.Messages, settings.Policy.Incidents, settings.Policy.BatchSize, settings.Every, settings.Enabled));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => RetentionSettings.From(Settings(("Hub:Retention:Every", "00:00:00")))).Message,
            "Hub:Retention:Every");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => RetentionSettings.From(Settings(("Hub:Retention:Incidents", "-1.00:00:00")))).Message,
            "Hub:Retention needs Messages and Incidents above zero");
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    /// <summary>A received message and its one delivery, delivered, all at the clock's now.</summary>
    private static async Task DeliveredAsync(TestDatabase test, FakeTimeProvider time, string id)
    {
        var delivery = TestDeliveries.To(Samu, id, createdAt: time.GetUtcNow());
        await test.Store.InTransactionAsync(async tx =>
        {
            await tx.RecordReceivedAsync(new ReceivedMessage(delivery.SourceDistributionId, "fr.police.cic35", "RC-EDA", delivery.IncidentKey, time.GetUtcNow(), "cisu-json", "application/json", delivery.Body));
            await tx.EnqueueDeliveryAsync(delivery);
            return true;
        });
        await test.Outbox.MarkDeliveredAsync((await test.Outbox.NextPendingAsync(Samu))!.Sequence, time.GetUtcNow());
    }

    /// <summary>Moves the clock by <paramref name="step"/> at every poll (the job sets its timer on a thread of its own)
    /// until a pass removed the delivery, bounded.</summary>
    private static async Task RemovedOnceTheClockMovesAsync(TestDatabase test, string id, FakeTimeProvider time, TimeSpan step)
    {
        var removed = await Poll.UntilAsync(async () => await test.Outbox.FindByIdAsync(id) is null, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50), () => time.Advance(step));
        Assert.IsTrue(removed, $"delivery {id} still there after the clock moved {step}");
    }
}
