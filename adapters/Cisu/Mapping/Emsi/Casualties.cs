using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// EMSI <c>CASUALTIES</c> (triage counts) ↔ the victims' casualty reports. RC-EDA has only a count class, so reading
/// also gives the victims the class of the latest report and its counts as readable text.
/// </summary>
public static class Casualties
{
    /// <summary>From this many casualties the class is <c>BEAUCOUP</c> rather than <c>PLUSIEURS</c>: a
    /// judgement, CISU gives no threshold (the exact counts are in the free text).</summary>
    public const int Many = 10;

    private static readonly (string Field, string Label, Func<CasualtyReport, int?> Count)[] Counts =
    [
        ("TRIAGERED", "urgence absolue (rouge)", r => r.Red),
        ("TRIAGEYELLOW", "urgence relative (jaune)", r => r.Yellow),
        ("TRIAGEGREEN", "impliqués (vert)", r => r.Green),
        ("TRIAGEBLACK", "décédés (noir)", r => r.Black),
        ("MISSING", "disparus", r => r.Missing),
        ("DECONT", "à décontaminer", r => r.Decontaminate),
    ];

    public static CasualtyReport Read(PayloadCursor c) => new()
    {
        Context = c.RequiredString("CONTEXT"),
        At = c.Time("DATIME"),
        Red = Count(c, "TRIAGERED"),
        Yellow = Count(c, "TRIAGEYELLOW"),
        Green = Count(c, "TRIAGEGREEN"),
        Black = Count(c, "TRIAGEBLACK"),
        Missing = Count(c, "MISSING"),
        Decontaminate = Count(c, "DECONT"),
    };

    public static void Write(PayloadBuilder b, CasualtyReport report)
    {
        b.String("CONTEXT", report.Context).Time("DATIME", report.At);
        foreach (var (field, _, count) in Counts) b.Integer(field, count(report));
    }

    /// <summary>The victims of an EMSI event: its reports, and the class and counts of the latest one.</summary>
    public static Victims ToVictims(List<CasualtyReport> reports)
    {
        var latest = reports[^1];
        var triaged = (latest.Red ?? 0) + (latest.Yellow ?? 0) + (latest.Green ?? 0) + (latest.Black ?? 0);
        var details = Counts.Where(c => c.Count(latest) is not null).Select(c => $"{c.Label} {c.Count(latest)}");
        var when = latest.At is { } at ? $" au {CisuTime.Format(at)}" : "";
        return new Victims
        {
            Count = triaged switch { 0 => "0", 1 => "1", < Many => "PLUSIEURS", _ => "BEAUCOUP" },
            FreeText = $"Victimes EMSI{when} : {string.Join(", ", details)}",
            Casualties = reports,
        };
    }

    /// <summary>The reports EMSI carries for the incident: its own, else one made from the victims of a case read from
    /// another family (see <see cref="FromVictims"/>), else none.</summary>
    public static List<CasualtyReport> Of(Incident incident) => incident.Qualification?.Victims switch
    {
        null => [],
        { Casualties.Count: > 0 } victims => victims.Casualties,
        var victims => FromVictims(victims, incident.CreatedAt),
    };

    /// <summary>EMSI has no field for a count class, so the class and the main victim go into the (free, required)
    /// context, and triage counts are given only when there are none.</summary>
    private static List<CasualtyReport> FromVictims(Victims victims, DateTimeOffset? at)
    {
        var report = new CasualtyReport
        {
            Context = $"Nombre de victimes : {victims.Count ?? "NON DEFINI"}"
                + (victims.MainVictim is null ? "" : $", victime principale : {victims.MainVictim}"),
            At = at,
        };
        if (victims.Count == "0")
        {
            report.Red = report.Yellow = report.Green = report.Black = report.Missing = report.Decontaminate = 0;
        }
        return [report];
    }

    private static int? Count(PayloadCursor c, string field) => c.Integer(field) switch
    {
        null => null,
        > int.MaxValue or < int.MinValue => throw new MappingException($"{c.Path}.{field}", "is not a number of victims"),
        var count => (int)count,
    };
}
