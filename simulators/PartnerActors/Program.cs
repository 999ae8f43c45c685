using System.Globalization;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.RecordingPartner;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;
using Microsoft.Extensions.Time.Testing;

// dotnet run --project simulators/PartnerActors -- play FILE --hub URL [--speed N] [--listen URL] [--report DIR]
// The actors listen where the hub's rules send (the shipped rules: http://127.0.0.1:5091/partners/{id}).
if (args is not ["play", var file, .. var rest])
{
    Console.Error.WriteLine("usage: play FILE --hub URL [--speed N] [--listen URL] [--report DIR]");
    return 2;
}
string? Option(string name) => rest.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
try
{
    var scenario = ScenarioFile.Load(file);
    var hubUrl = Option("--hub") ?? "http://127.0.0.1:5080";
    double? speed = Option("--speed") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : null;
    await using var partners = await Recorder.StartAsync(Option("--listen") ?? "http://127.0.0.1:5091");
    using var http = new HttpClient { BaseAddress = new Uri(hubUrl) };
    // The scenario's clock starts at the machine's time (the hub it plays against runs on it), then moves as the player says.
    var now = TimeProvider.System.GetUtcNow();
    var clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
    var report = await new ScenarioPlayer(scenario, http, partners, clock, new PlayerOptions { Speed = speed, Log = Console.WriteLine }).PlayAsync();
    if (Option("--report") is { } directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{scenario.Name}.json"), report.ToJson());
        File.WriteAllText(Path.Combine(directory, $"{scenario.Name}.txt"), report.ToText());
    }
    return report.Passed ? 0 : 1;
}
catch (Exception e) when (e is ScenarioException or HttpRequestException or FormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
