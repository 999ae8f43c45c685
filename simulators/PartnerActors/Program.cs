using System.Globalization;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Simulators.PeerHubEx;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;
using MCIC2.Interop.Simulators.RecordingPartner;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;
using Microsoft.Extensions.Time.Testing;

// dotnet run --project simulators/PartnerActors -- play FILE --hub URL [--speed N] [--listen URL] [--report DIR]
//     [--over hubex --rabbitmq amqps://HOST:5671 --ca CA.crt --certificates DIR [--forces DIR]]
// The actors listen where the hub's rules send (the shipped rules: http://127.0.0.1:5091/partners/{id}); with
// --over hubex the SAMU, SDIS and CORG actors are clients of their forces' peer HubEx instead (DIR/<id>.crt and
// DIR/<id>.key their certificates; the forces' settings those of simulators/PeerHubEx/forces), the CICs stay on HTTP.
const string Usage = "usage: play FILE --hub URL [--speed N] [--listen URL] [--report DIR] [--over hubex --rabbitmq URI --ca FILE --certificates DIR [--forces DIR]]";
if (args is not ["play", var file, .. var rest])
{
    Console.Error.WriteLine(Usage);
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
    List<IActorTransport> transports = [];
    await using var peers = Option("--over") switch
    {
        null => null,
        "hubex" => await PeerHubExActorTransport.StartAsync(PeerLogins(scenario)),
        var other => throw new ScenarioException($"--over {other}: only hubex (or nothing, HTTP)"),
    };
    if (peers is not null) transports.Add(peers);
    transports.Add(new HttpActorTransport(http, partners));
    // The scenario's clock starts at the machine's time (the hub it plays against runs on it), then moves as the player says.
    var now = TimeProvider.System.GetUtcNow();
    var clock = new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
    var report = await new ScenarioPlayer(scenario, transports, clock, new PlayerOptions { Speed = speed, Log = Console.WriteLine }).PlayAsync();
    if (Option("--report") is { } directory)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{scenario.Name}.json"), report.ToJson());
        File.WriteAllText(Path.Combine(directory, $"{scenario.Name}.txt"), report.ToText());
    }
    return report.Passed ? 0 : 1;
}
catch (Exception e) when (e is ScenarioException or HttpRequestException or FormatException or IOException
                           or RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.OperationInterruptedException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// Each SAMU, SDIS and CORG actor logs in to its force's HubEx with its own certificate.
IEnumerable<PeerActorLogin> PeerLogins(Scenario scenario)
{
    string Required(string name) => Option(name) ?? throw new ScenarioException($"--over hubex needs {name}\n{Usage}");
    var broker = new Uri(Required("--rabbitmq"));
    var forces = Option("--forces") ?? Path.Combine(AppContext.BaseDirectory, "forces");
    foreach (var actor in scenario.Actors)
    {
        if (ActorForces.Of(actor.PartnerId) is not { } force) continue;
        var certificates = Required("--certificates");
        yield return new PeerActorLogin(actor.PartnerId, PeerHubExSettings.Read(Path.Combine(forces, $"{force}.json")),
            new PeerHubExConnection(broker, Required("--ca"), Path.Combine(certificates, $"{actor.PartnerId}.crt"), Path.Combine(certificates, $"{actor.PartnerId}.key")));
    }
}
