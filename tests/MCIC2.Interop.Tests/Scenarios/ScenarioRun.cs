using System.Text;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PartnerActors.Conformance;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>A shipped scenario played against the real hub in-process (embedded store), its actors behind the hub's
/// recording partner; the report, the readable timeline and everything the partners received.</summary>
internal sealed record ScenarioRun(ConformanceReport Report, string Log, IReadOnlyList<ReceivedDelivery> Received)
{
    public static string Shipped(string name) => Path.Combine(AppContext.BaseDirectory, "Scenarios", $"{name}.scenario");

    public static IEnumerable<string> ShippedNames =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Scenarios"), "*.scenario").Select(Path.GetFileNameWithoutExtension).Order()!;

    public static async Task<ScenarioRun> PlayAsync(string name, params string[] silenced)
    {
        await using var hub = await HubUnderTest.StartAsync();
        var log = new StringBuilder();
        var store = hub.App.Services.GetRequiredService<IHubStore>();
        var player = new ScenarioPlayer(ScenarioFile.Load(Shipped(name)), hub.Http, hub.Partners, new FakeTimeProvider(TestClock.Now()),
            new PlayerOptions
            {
                Silenced = silenced.ToHashSet(),
                Log = line => log.AppendLine(line),
                QuietPeriod = TimeSpan.FromMilliseconds(100),
                HubIdle = async ct => (await store.Outbox.QueuesWithPendingAsync(ct)).Count == 0,
            });
        var report = await player.PlayAsync();
        return new ScenarioRun(report, log.ToString(), hub.Partners.Received);
    }
}
