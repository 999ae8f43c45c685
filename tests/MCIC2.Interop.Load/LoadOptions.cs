namespace MCIC2.Interop.Load;

/// <summary>The command line of the load command (plain parsing: a handful of options).</summary>
public sealed record LoadOptions
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Database=postgres;Username=mcic2;Password=mcic2";

    public const string HttpChannel = "http";
    public const string HubExChannel = "hubex";

    public string Profile { get; init; } = "embedded";

    /// <summary>How the partners meet the hub: <c>http</c> (POST, a recorder for every endpoint) or <c>hubex</c> (AMQP clients).</summary>
    public string Channel { get; init; } = HttpChannel;

    /// <summary>The broker of the <c>hubex</c> channel: its TLS listener (host and port; the run makes a vhost of its own there).</summary>
    public string? RabbitMqTls { get; init; } = Environment.GetEnvironmentVariable("MCIC2_TEST_RABBITMQ_TLS");

    /// <summary>The directory of the CA the broker trusts (<c>ca.crt</c>, <c>ca.key</c>): the run mints its clients' certificates with it.</summary>
    public string? RabbitMqCa { get; init; } = Environment.GetEnvironmentVariable("MCIC2_TEST_RABBITMQ_CA");

    /// <summary>rabbitmqctl bound to that broker's node: users and rights cannot be made over AMQP.</summary>
    public string? RabbitMqCtl { get; init; } = Environment.GetEnvironmentVariable("MCIC2_TEST_RABBITMQCTL");
    public int Messages { get; init; } = 5000;
    public int Incidents { get; init; } = 100;
    public int Concurrency { get; init; } = 8;

    /// <summary>Messages sent (and waited for) before the measured run, on their own incidents, same hub.</summary>
    public int Warmup { get; init; } = 200;

    /// <summary>Any database on the server: the command creates its own database there, and drops it afterwards.</summary>
    public string Postgres { get; init; } = Environment.GetEnvironmentVariable("MCIC2_TEST_POSTGRES") ?? DefaultPostgres;

    /// <summary>Messages per second in all, sent on a schedule (0: each client as fast as the hub answers).</summary>
    public double Rate { get; init; }

    /// <summary>Messages run through the processor alone, sequentially (0: skip).</summary>
    public int ProcessorMessages { get; init; } = 1000;

    public int RawRows { get; init; } = 2000;
    public bool SkipRaw { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public string? Markdown { get; init; }

    /// <summary>Instead of the throughput figures: the hub's memory and disk after the load, a retention pass and idling (<see cref="FootprintRun"/>).</summary>
    public bool Footprint { get; init; }

    /// <summary>Instead of the throughput figures: the Pégase migration of this many generated fiches beside a raw binary
    /// COPY of the same rows (<see cref="Pegase.MigrationRun"/>; 0: not asked).</summary>
    public int PegaseFiches { get; init; }

    /// <summary>With <see cref="PegaseFiches"/>: migrate the same source a second time into another hub store, SIGKILL
    /// that process when its checkpoint passes half the fiches, rerun it, and compare both targets by checksum.</summary>
    public bool PegaseKillMidway { get; init; }

    public const string Usage = """
        dotnet run -c Release --project tests/MCIC2.Interop.Load -- --profile embedded|postgres [--channel http|hubex]
            [--messages 5000] [--incidents 100] [--concurrency 8 | --rate 5] [--warmup 200]
            [--postgres CONNECTION-STRING] [--processor-messages 1000] [--raw-rows 2000] [--skip-raw] [--timeout-seconds 600] [--markdown FILE]
            [--rabbitmq-tls amqps://HOST:PORT] [--rabbitmq-ca DIR] [--rabbitmqctl PATH]
            [--pegase N]    (the Pégase migration of N generated fiches into a PostgreSQL hub store, beside a raw binary COPY of the same rows)
            [--pegase-kill-midway]  (with --pegase: again into another store, SIGKILLed halfway and rerun; both targets compared by checksum)
            [--footprint]   (embedded: the hub as its own process; its memory and disk after the load, a retention pass and idling)
        --channel hubex: the hub is the HubEx on that RabbitMQ (defaults: MCIC2_TEST_RABBITMQ_TLS, MCIC2_TEST_RABBITMQ_CA,
            MCIC2_TEST_RABBITMQCTL, as `eval "$(scripts/services/start)"` sets them); --concurrency clients publish.
        """;

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Count() => int.TryParse(Value(), out var n) && n >= 0 ? n : throw new ArgumentException($"{args[i]} needs a whole number");
            options = args[i] switch
            {
                "--profile" => options with { Profile = Value() },
                "--channel" => options with { Channel = Value() },
                "--rabbitmq-tls" => options with { RabbitMqTls = Value() },
                "--rabbitmq-ca" => options with { RabbitMqCa = Value() },
                "--rabbitmqctl" => options with { RabbitMqCtl = Value() },
                "--messages" => options with { Messages = Count() },
                "--incidents" => options with { Incidents = Count() },
                "--concurrency" => options with { Concurrency = Count() },
                "--rate" => options with { Rate = double.TryParse(Value(), System.Globalization.CultureInfo.InvariantCulture, out var rate) && rate >= 0 ? rate : throw new ArgumentException("--rate needs a number of messages per second") },
                "--warmup" => options with { Warmup = Count() },
                "--postgres" => options with { Postgres = Value() },
                "--processor-messages" => options with { ProcessorMessages = Count() },
                "--raw-rows" => options with { RawRows = Count() },
                "--skip-raw" => options with { SkipRaw = true },
                "--timeout-seconds" => options with { Timeout = TimeSpan.FromSeconds(Count()) },
                "--markdown" => options with { Markdown = Value() },
                "--footprint" => options with { Footprint = true },
                "--pegase" => options with { PegaseFiches = Count() },
                "--pegase-kill-midway" => options with { PegaseKillMidway = true },
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        if (options.Profile is not ("embedded" or "postgres")) throw new ArgumentException("--profile is embedded or postgres");
        if (options.Channel is not (HttpChannel or HubExChannel)) throw new ArgumentException("--channel is http or hubex");
        if (options.Channel == HubExChannel && (options.RabbitMqTls is null || options.RabbitMqCa is null || options.RabbitMqCtl is null))
            throw new ArgumentException("--channel hubex needs --rabbitmq-tls, --rabbitmq-ca and --rabbitmqctl (or MCIC2_TEST_RABBITMQ_TLS, MCIC2_TEST_RABBITMQ_CA, MCIC2_TEST_RABBITMQCTL)");
        if (options.Incidents < 1 || options.Concurrency < 1) throw new ArgumentException("--incidents and --concurrency are at least 1");
        if (options.Warmup < 2) throw new ArgumentException("--warmup is at least 2 (a creation and an update: the warm-up tells how far each family fans out)");
        if (options.Messages < options.Incidents) throw new ArgumentException("--messages must be at least --incidents (one creation each)");
        return options;
    }
}
