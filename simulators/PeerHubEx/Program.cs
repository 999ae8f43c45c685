using MCIC2.Interop.Simulators.PeerHubEx;
using MCIC2.Interop.Simulators.PeerHubEx.Faults;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;

// Standalone (simulators/README.md):
//   dotnet run --project simulators/PeerHubEx -- --force health --rabbitmq amqps://localhost:5671 --ca ca.crt
//       --certificate fr.health.hub.crt --key fr.health.hub.key [--settings FILE] [--rabbitmqctl PATH [--provision]]
//   dotnet run --project simulators/PeerHubEx -- --force health --definitions FILE   (writes the definitions, exits)
var options = Arguments(args);
string Option(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");

var settingsFile = options.GetValueOrDefault("settings") ?? Path.Combine(AppContext.BaseDirectory, "forces", $"{Option("force")}.json");
var settings = PeerHubExSettings.Read(settingsFile);
if (options.TryGetValue("definitions", out var definitionsFile))
{
    File.WriteAllText(definitionsFile, PeerHubExDefinitions.For(settings).ToJsonString());
    Console.WriteLine($"{settings.Force} HubEx definitions written to {definitionsFile}: rabbitmqctl import_definitions {definitionsFile}");
    return;
}
var connection = new PeerHubExConnection(new Uri(Option("rabbitmq")), Option("ca"), Option("certificate"), Option("key"), options.GetValueOrDefault("rabbitmqctl"));
if (options.ContainsKey("provision"))
{
    var file = Path.Combine(Path.GetTempPath(), $"peer-hubex-{settings.Force}-definitions.json");
    File.WriteAllText(file, PeerHubExDefinitions.For(settings).ToJsonString());
    await new RabbitMqCtl(connection.RabbitMqCtl ?? throw new ArgumentException("--provision needs --rabbitmqctl")).ImportDefinitionsAsync(file, CancellationToken.None);
}

await using var simulator = await PeerHubExSimulator.StartAsync(settings, connection);
Console.WriteLine($"{settings.Force} HubEx {settings.HubId} dispatching on {connection.Broker}/{settings.VirtualHost} (send exchange {settings.SendExchange}) " +
                  $"for {string.Join(", ", settings.Clients.Select(c => $"{c.Id} ({c.Receives})"))}; Ctrl+C to stop");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;

// --name value pairs; a flag without value (--provision) stands alone.
static Dictionary<string, string> Arguments(string[] args)
{
    var options = new Dictionary<string, string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument {args[i]}");
        var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
        options[args[i][2..]] = hasValue ? args[++i] : "";
    }
    return options;
}
