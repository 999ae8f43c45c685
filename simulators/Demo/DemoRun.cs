using MCIC2.Interop.HubHost;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.HubHost.Operators;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PartnerActors.Conformance;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using Microsoft.Extensions.Time.Testing;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;

namespace MCIC2.Interop.Simulators.Demo;

/// <summary>
/// The demo, top to bottom: a fresh embedded hub whose partners are the in-process actors, each scenario played on its
/// own timeline (printed as it happens, then its conformance report), a summary, then the hub stays up for the
/// operators' API until stopped.
/// </summary>
public static class DemoRun
{
    public static string ShippedScenarios => Path.Combine(AppContext.BaseDirectory, "Scenarios");

    /// <returns>0 when every report is green, 1 when one is red, 2 when a scenario cannot be read.</returns>
    public static async Task<int> RunAsync(DemoOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        var files = ScenarioFiles(options.Scenarios);
        // Every run starts from an empty store: the reports and the API show this run's cases only.
        if (Directory.Exists(options.DataDirectory)) Directory.Delete(options.DataDirectory, recursive: true);
        var scenarios = files.Select(ScenarioFile.Load).ToList();
        await using var partners = await Recorder.StartAsync();
        var rules = RuleSetLoader.CopyDefaultTo(Path.Combine(options.DataDirectory, "rules"), partners.BaseAddress);
        // Over a real RabbitMQ: the SAMU, SDIS and CORG through their forces' peer HubEx, the CICs still over HTTP.
        await using var forces = options.RabbitMq is { } broker
            // Certificates are checked by the broker against the wall clock, whatever the hub's clock setting.
            ? await DemoPeerForces.StartAsync(broker, Path.Combine(options.DataDirectory, "peers"), partners, TimeProvider.System, cancellationToken)
            : null;
        if (forces is not null) await File.WriteAllTextAsync(rules, DemoPeerForces.OverPeers(await File.ReadAllTextAsync(rules, cancellationToken)), cancellationToken);
        await using var hub = HubHostBuilder.Build(
        [
            "--urls", options.Urls, "--Hub:DataDirectory", Path.Combine(options.DataDirectory, "store"), "--Hub:Rules", rules,
            // The timeline is the demo's output; the hub says only what goes wrong (a later setting overrides it).
            "--Serilog:MinimumLevel:Default", "Warning", "--Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime", "Warning",
            // The demo's keys are thrown away with its store: that they are not encrypted at rest is not news.
            "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore.DataProtection", "Error",
            .. forces?.HubSettings() ?? [],
            .. options.HubSettings,
        ]);
        var reports = new List<ConformanceReport>();
        MapScenarioRuns(hub, reports);
        await hub.StartAsync(cancellationToken);
        var url = new Uri(hub.Urls.First());
        output.WriteLine($"MCIC2.Interop demo: the hub at {url} (embedded store {Path.GetFullPath(options.DataDirectory)}), partners' actors at {partners.BaseAddress}"
            + (options.RabbitMq is { } on ? $"; the SAMU, SDIS and CORG through their forces' peer HubEx on {on.Broker}" : ""));
        if (forces is not null)
        {
            forces.Hub = hub.Services.GetRequiredService<LinkReports>();
            await forces.UntilConnectedAsync(cancellationToken);
        }
        await using var peers = forces is null ? null
            : await PeerHubExActorTransport.StartAsync(forces.Logins(scenarios.SelectMany(s => s.Actors.Select(a => a.PartnerId))), cancellationToken);

        var store = hub.Services.GetRequiredService<IHubStore>();
        var hubClock = hub.Services.GetRequiredService<TimeProvider>();
        using var http = new HttpClient { BaseAddress = url };
        foreach (var scenario in scenarios)
        {
            output.WriteLine();
            // Each scenario's clock starts at the hub's time, to the second; the player moves it from event to event.
            var now = hubClock.GetUtcNow();
            var clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
            IActorTransport over = new HttpActorTransport(http, partners);
            var player = new ScenarioPlayer(scenario, peers is null ? [over] : [peers, over], clock, new PlayerOptions
            {
                Speed = options.Speed,
                Log = output.WriteLine,
                HubIdle = async ct => (await store.Outbox.QueuesWithPendingAsync(ct)).Count == 0 && (forces is null || await forces.IdleAsync(ct)),
                Links = (IPeerLinkOutages?)forces ?? new PartnerEndpointOutages(partners),
            });
            var report = await player.PlayAsync(cancellationToken);
            lock (reports) reports.Add(report);
        }

        output.WriteLine();
        var red = reports.Where(r => !r.Passed).Select(r => r.Scenario).ToList();
        output.WriteLine($"{reports.Count} scenarios played: {reports.Count - red.Count} passed, {red.Count} failed{(red.Count == 0 ? "" : $" ({string.Join(", ", red)})")}");
        if (options.StayUp)
        {
            output.WriteLine($"The hub stays up: {url}api/incidents, {url}api/dead-letters, {url}health/links, OpenAPI {url}openapi/v1.json; Ctrl+C stops it.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, hub.Lifetime.ApplicationStopping);
            try { await Task.Delay(Timeout.Infinite, stop.Token); }
            catch (OperationCanceledException) { }
        }
        await hub.StopAsync(CancellationToken.None);
        return red.Count == 0 ? 0 : 1;
    }

    /// <summary>The scenario runs and their conformance reports in the operators' API, while the simulators run in the
    /// hub's process (viewer role, as the rest of /api/).</summary>
    private static void MapScenarioRuns(WebApplication hub, List<ConformanceReport> reports)
    {
        ConformanceReport[] Played() { lock (reports) return [.. reports]; }
        hub.MapGet("/api/scenario-runs", () => Results.Json(Played().Select(r => new
            {
                scenario = r.Scenario, title = r.Title, passed = r.Passed, exchanges = r.Exchanges.Count, failures = r.Failures.Count,
                report = $"/api/scenario-runs/{Uri.EscapeDataString(r.Scenario)}",
            })))
            .RequireAuthorization(OperatorPolicies.Read).WithTags("scenarios").WithSummary("The scenarios the demo played, each with its verdict");
        hub.MapGet("/api/scenario-runs/{name}", (string name) => Played().LastOrDefault(r => r.Scenario == name) is { } report
                ? Results.Content(report.ToJson(), "application/json")
                : Results.NotFound())
            .RequireAuthorization(OperatorPolicies.Read).WithTags("scenarios").WithSummary("One scenario's conformance report: every expected exchange and what happened");
    }

    /// <exception cref="ScenarioException">A scenario name that is not shipped.</exception>
    private static IReadOnlyList<string> ScenarioFiles(IReadOnlyList<string> names)
    {
        var shipped = Directory.GetFiles(ShippedScenarios, "*.scenario").Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0) return shipped;
        return [.. names.Select(name => shipped.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == name)
            ?? throw new ScenarioException($"no shipped scenario '{name}'; shipped: {string.Join(", ", shipped.Select(Path.GetFileNameWithoutExtension))}"))];
    }
}
