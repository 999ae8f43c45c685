using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>A service a nature rule can call on, resolved where the incident is.</summary>
public enum RoutedService
{
    /// <summary>The SDIS of the incident's département.</summary>
    Sdis,
    /// <summary>The SAMU of the incident's département.</summary>
    Samu,
    /// <summary>The force competent for the incident's commune (CIC in police zone, CORG in gendarmerie zone).</summary>
    Force,
}

/// <summary>Whether a rule needs victims: a victims count other than <c>0</c>, or a health motive.</summary>
public enum VictimCondition { Any, Present, Absent }

/// <summary>
/// "Incidents of this nature (and/or health motive), with or without victims, must be told to these services."
/// A code matches when the rule's code is the code itself or one of its ancestors in the code list
/// (C04.00.00 fire matches C04.02.01 house fire).
/// </summary>
public sealed record NatureRule(
    string Id,
    string? Nature,
    string? HealthMotive,
    VictimCondition Victims,
    IReadOnlyList<RoutedService> Services)
{
    public bool Matches(Qualification? qualification)
    {
        if (Nature is not null && !Descends(qualification?.Nature?.Code, Nature, Nomenclatures.NatureDeFait)) return false;
        if (HealthMotive is not null && !Descends(qualification?.HealthMotive?.Code, HealthMotive, Nomenclatures.HealthMotive)) return false;
        return Victims switch
        {
            VictimCondition.Present => HasVictims(qualification),
            VictimCondition.Absent => !HasVictims(qualification),
            _ => true,
        };
    }

    /// <summary>Victims are assumed as soon as the count is given and is not <c>0</c> (<c>INCONNU</c> counts: better
    /// a SAMU told for nothing than a victim nobody knows of), or a health motive is given.</summary>
    public static bool HasVictims(Qualification? qualification) =>
        qualification?.HealthMotive is { Code.Length: > 0 }
        || qualification?.Victims?.Count is { Length: > 0 } count && count.Trim() != "0";

    private static bool Descends(string? code, string ancestor, string codeList)
    {
        if (string.IsNullOrWhiteSpace(code)) return false;
        return AncestorsOf(code.Trim(), codeList).Contains(ancestor, StringComparer.Ordinal);
    }

    /// <summary>The code and its ancestors: from the code list when it lists the code; otherwise from the code's
    /// shape (C04.02.07 → C04.02.00 → C04.00.00), so a code newer than the shipped list still routes.</summary>
    public static IReadOnlyList<string> AncestorsOf(string code, string codeList)
    {
        var list = Nomenclatures.Get(codeList);
        if (list.Contains(code)) return list.Lineage(code).Select(e => e.Code).ToList();
        var parts = code.Split('.');
        var ancestors = new List<string> { code };
        for (var keep = parts.Length - 1; keep >= 1; keep--)
        {
            var ancestor = string.Join('.', parts.Take(keep).Concat(parts.Skip(keep).Select(p => new string('0', p.Length))));
            if (ancestor != ancestors[^1]) ancestors.Add(ancestor);
        }
        return ancestors;
    }
}

/// <summary>"Partner X wants the messages of these families about incidents in these départements."</summary>
public sealed record Subscription(string PartnerId, IReadOnlyList<string> Families, IReadOnlyList<string> Departments);
