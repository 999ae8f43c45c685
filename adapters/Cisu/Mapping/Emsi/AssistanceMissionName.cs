using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// The CISU convention that turns an EMSI <c>MISSION.NAME</c> into a request for assistance
/// (<c>#DEMANDE_CONCOURS#&lt;reason&gt;#&lt;code&gt;#</c>) or an answer to one
/// (<c>#REPONSE_DEMANDE_CONCOURS#ACCEPTE|REFUS|PARTIELLE|DIVERGENTE#&lt;reason&gt;#</c>).
/// Any other name (<c>#MISSION#</c>, <c>#OPERATION_GLOBALE#</c>...) is an ordinary mission.
/// </summary>
public abstract record AssistanceMissionName
{
    public const string RequestTag = "DEMANDE_CONCOURS";
    public const string AnswerTag = "REPONSE_DEMANDE_CONCOURS";

    /// <summary>The name as EMSI writes it, e.g. <c>#DEMANDE_CONCOURS#CARENCE#Z.01.00.00#</c>.</summary>
    public abstract string Format();

    public sealed override string ToString() => Format();

    /// <summary>Reads a mission name; null when it is not a request for assistance nor an answer.</summary>
    public static AssistanceMissionName? Parse(string? name)
    {
        if (name is null || name.Length < 2 || name[0] != '#' || name[^1] != '#') return null;
        var fields = name[1..^1].Split('#');
        return fields[0] switch
        {
            RequestTag => new AssistanceRequestName(FieldAt(fields, 1), Rest(fields, 2)),
            AnswerTag when fields.Length > 1 && AnswerKinds.Parse(fields[1]) is { } kind =>
                new AssistanceAnswerName(kind, Rest(fields, 2)),
            _ => null,
        };
    }

    private static string? FieldAt(string[] fields, int index) =>
        index < fields.Length && fields[index].Length > 0 ? fields[index] : null;

    /// <summary>The fields from <paramref name="index"/> on, rejoined, so that a name with more fields than
    /// expected is still formatted back exactly.</summary>
    private static string? Rest(string[] fields, int index) =>
        index < fields.Length && string.Join('#', fields[index..]) is { Length: > 0 } rest ? rest : null;
}

/// <summary><c>#DEMANDE_CONCOURS#&lt;reason&gt;#&lt;requested code&gt;#</c>.</summary>
public sealed record AssistanceRequestName(string? Reason, string? RequestedCode) : AssistanceMissionName
{
    public override string Format()
    {
        var name = $"#{RequestTag}#";
        if (Reason is null && RequestedCode is null) return name;
        name += $"{Reason}#";
        return RequestedCode is null ? name : $"{name}{RequestedCode}#";
    }
}

/// <summary><c>#REPONSE_DEMANDE_CONCOURS#&lt;kind&gt;#&lt;reason&gt;#</c>, the reason being optional.</summary>
public sealed record AssistanceAnswerName(AssistanceAnswerKind Kind, string? Reason) : AssistanceMissionName
{
    public override string Format() =>
        $"#{AnswerTag}#{AnswerKinds.Format(Kind)}#" + (Reason is null ? "" : $"{Reason}#");
}

/// <summary>The answer kinds as the CISU mission name spells them.</summary>
public static class AnswerKinds
{
    public static AssistanceAnswerKind? Parse(string text) => text switch
    {
        "ACCEPTE" => AssistanceAnswerKind.Accepted,
        "REFUS" => AssistanceAnswerKind.Refused,
        "PARTIELLE" => AssistanceAnswerKind.Partial,
        "DIVERGENTE" => AssistanceAnswerKind.Divergent,
        _ => null,
    };

    public static string Format(AssistanceAnswerKind kind) => kind switch
    {
        AssistanceAnswerKind.Accepted => "ACCEPTE",
        AssistanceAnswerKind.Refused => "REFUS",
        AssistanceAnswerKind.Partial => "PARTIELLE",
        AssistanceAnswerKind.Divergent => "DIVERGENTE",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown answer kind"),
    };
}
