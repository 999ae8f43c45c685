using System.Globalization;

namespace MCIC2.Interop.Simulators.Demo;

/// <summary>What the demo plays and where the hub listens; anything it does not know is a hub setting (<c>--Hub:*</c>).</summary>
public sealed record DemoOptions
{
    public const string Usage =
        "usage: demo [--scenario NAME]... [--speed N] [--urls URL] [--data DIR] [--exit] [--rabbitmq amqps://HOST:PORT --ca DIR --rabbitmqctl PATH] [--Hub:KEY VALUE]...";

    /// <summary>The shipped scenarios to play (their file names without <c>.scenario</c>); empty: all of them.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>None: scenario time jumps from event to event as soon as the hub has answered. N: N times real time.</summary>
    public double? Speed { get; init; }

    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>The demo's own store and rules, emptied at each start: a demo never mixes with a real hub's data.</summary>
    public string DataDirectory { get; init; } = Path.Combine("data", "demo");

    /// <summary>False: stop once the scenarios are played (scripts, tests); true: stay up for the API until stopped.</summary>
    public bool StayUp { get; init; } = true;

    /// <summary>None: the actors meet the hub over HTTP, in-process. Set: the SAMU, SDIS and CORG actors are clients of
    /// their forces' peer HubEx simulators on that broker, the hub a client of each (<see cref="DemoPeerForces"/>).</summary>
    public DemoBroker? RabbitMq { get; init; }

    /// <summary>Settings handed to the hub as they are (<c>--Hub:Operators:…</c>, <c>--Serilog:MinimumLevel:Default</c>, …).</summary>
    public IReadOnlyList<string> HubSettings { get; init; } = [];

    /// <exception cref="FormatException">An option without its value, an unreadable number.</exception>
    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        var scenarios = new List<string>();
        var hub = new List<string>();
        string? rabbitMq = null, ca = null, rabbitMqCtl = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new FormatException($"{args[i]} needs a value; {Usage}");
            switch (args[i])
            {
                case "--scenario": scenarios.Add(Value()); break;
                case "--speed":
                    var speed = Value();
                    options = options with
                    {
                        Speed = double.TryParse(speed, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0
                            ? n : throw new FormatException($"--speed {speed}: a positive number is expected"),
                    };
                    break;
                case "--urls": options = options with { Urls = Value() }; break;
                case "--data": options = options with { DataDirectory = Value() }; break;
                case "--exit": options = options with { StayUp = false }; break;
                case "--rabbitmq": rabbitMq = Value(); break;
                case "--ca": ca = Value(); break;
                case "--rabbitmqctl": rabbitMqCtl = Value(); break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains(':'):
                    hub.Add(setting);
                    if (!setting.Contains('=')) hub.Add(Value());
                    break;
                default: throw new FormatException($"unknown argument '{args[i]}'; {Usage}");
            }
        }
        if ((rabbitMq ?? ca ?? rabbitMqCtl) is not null)
        {
            if (rabbitMq is null || ca is null || rabbitMqCtl is null)
                throw new FormatException($"--rabbitmq, --ca and --rabbitmqctl go together (the broker's TLS listener, its CA's directory with ca.crt and ca.key, its rabbitmqctl); {Usage}");
            if (!Uri.TryCreate(rabbitMq, UriKind.Absolute, out var broker) || broker.Scheme != "amqps" || broker.Port <= 0)
                throw new FormatException($"--rabbitmq {rabbitMq}: an amqps://HOST:PORT URI is expected (the broker's TLS listener)");
            options = options with { RabbitMq = new DemoBroker(broker, ca, rabbitMqCtl) };
        }
        return options with { Scenarios = scenarios, HubSettings = hub };
    }
}
