namespace MCIC2.Interop.Load;

/// <summary>The command line of the load command (plain parsing: a handful of options).</summary>
public sealed record LoadOptions
{
    public const string DefaultPostgres = "Host=127.0.0.1;Port=55432;Database=postgres;Username=mcic2;Password=mcic2";

    public string Profile { get; init; } = "embedded";
    public int Messages { get; init; } = 5000;
    public int Incidents { get; init; } = 100;
    public int Concurrency { get; init; } = 8;

    /// <summary>Messages posted (and waited for) before the measured run, on their own incidents, same hub.</summary>
    public int Warmup { get; init; } = 200;

    /// <summary>Any database on the server: the command creates its own database there, and drops it afterwards.</summary>
    public string Postgres { get; init; } = Environment.GetEnvironmentVariable("MCIC2_TEST_POSTGRES") ?? DefaultPostgres;

    /// <summary>Messages per second in all, posted on a schedule (0: each client as fast as the hub answers).</summary>
    public double Rate { get; init; }

    /// <summary>Messages run through the processor alone, sequentially (0: skip).</summary>
    public int ProcessorMessages { get; init; } = 1000;

    public int RawRows { get; init; } = 2000;
    public bool SkipRaw { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public string? Markdown { get; init; }

    /// <summary>Instead of the throughput figures: the hub's memory and disk after the load, a retention pass and idling (<see cref="FootprintRun"/>).</summary>
    public bool Footprint { get; init; }

    public const string Usage = """
        dotnet run -c Release --project tests/MCIC2.Interop.Load -- --profile embedded|postgres
            [--messages 5000] [--incidents 100] [--concurrency 8 | --rate 5] [--warmup 200]
            [--postgres CONNECTION-STRING] [--processor-messages 1000] [--raw-rows 2000] [--skip-raw] [--timeout-seconds 600] [--markdown FILE]
            [--footprint]   (embedded: the hub as its own process; its memory and disk after the load, a retention pass and idling)
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
                var other => throw new ArgumentException($"unknown option {other}"),
            };
        }
        if (options.Profile is not ("embedded" or "postgres")) throw new ArgumentException("--profile is embedded or postgres");
        if (options.Incidents < 1 || options.Concurrency < 1) throw new ArgumentException("--incidents and --concurrency are at least 1");
        if (options.Warmup < 2) throw new ArgumentException("--warmup is at least 2 (a creation and an update: the warm-up tells how far each family fans out)");
        if (options.Messages < options.Incidents) throw new ArgumentException("--messages must be at least --incidents (one creation each)");
        return options;
    }
}
