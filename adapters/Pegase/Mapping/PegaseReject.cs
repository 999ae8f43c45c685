using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>Why a fiche is not migrated: one kind, one Hub Santé code.</summary>
public enum PegaseRejectKind
{
    /// <summary>A blank numero_fiche: nothing to know the incident by (704 INSUFFICIENT_DATA).</summary>
    NoNumber,

    /// <summary>The fiche names a centre that does not exist (703 UNKNOWN_SENDER).</summary>
    OrphanCentre,

    /// <summary>Another fiche with a smaller id carries the same number (701 CASE_ALREADY_EXISTS).</summary>
    Duplicate,

    /// <summary>A call before Pégase existed, after the fiche's last update, or in the future (300 INVALID_MESSAGE).</summary>
    ImpossibleDate,
}

/// <summary>A fiche refused, with the column at fault (<c>fiche[ID].COLUMN</c>) and what is wrong.</summary>
public sealed record PegaseReject(PegaseRejectKind Kind, string Path, string Message)
{
    public HubErrorCode Code => Kind switch
    {
        PegaseRejectKind.NoNumber => HubErrorCode.InsufficientData,
        PegaseRejectKind.OrphanCentre => HubErrorCode.UnknownSender,
        PegaseRejectKind.Duplicate => HubErrorCode.CaseAlreadyExists,
        PegaseRejectKind.ImpossibleDate => HubErrorCode.InvalidMessage,
        _ => throw new ArgumentOutOfRangeException(nameof(Kind), Kind, "not a reject kind"),
    };

    public Problem ToProblem() => new(Code, Path, Message);
}

/// <summary>Why a child row (intervention, personne, fiche_historique) is not migrated: its fiche is missing, or rejected.</summary>
public enum ChildRejectKind
{
    /// <summary>No fiche carries the row's id_fiche (saved before its fiche, or its fiche deleted): 704 INSUFFICIENT_DATA.</summary>
    OrphanFiche,

    /// <summary>The row's fiche is rejected: the row goes with it, under the fiche's code.</summary>
    FicheRejected,
}

/// <summary>A child row refused, by its table and id, with the column at fault (<c>intervention[ID].id_fiche</c>).</summary>
public sealed record ChildReject(ChildKind Table, int Id, int IdFiche, ChildRejectKind Kind, HubErrorCode Code, string Path, string Message)
{
    /// <summary>The reason as the ledger records it.</summary>
    public string Reason => $"{Kind}: {Message}";

    public static ChildReject Orphan(PegaseOrphan orphan) =>
        new(orphan.Kind, orphan.Id, orphan.IdFiche, ChildRejectKind.OrphanFiche, HubErrorCode.InsufficientData,
            $"{TableOf(orphan.Kind)}[{orphan.Id}].id_fiche", $"no fiche {orphan.IdFiche}");

    /// <summary>Every child row of a rejected fiche, rejected with it.</summary>
    public static IEnumerable<ChildReject> OfRejected(PegaseFiche fiche, PegaseReject reject)
    {
        ChildReject With(ChildKind kind, int id) => new(kind, id, fiche.IdFiche, ChildRejectKind.FicheRejected, reject.Code,
            $"{TableOf(kind)}[{id}].id_fiche", $"fiche {fiche.IdFiche} is rejected ({reject.Kind})");
        return fiche.Interventions.Select(i => With(ChildKind.Intervention, i.IdIntervention))
            .Concat(fiche.Personnes.Select(p => With(ChildKind.Personne, p.IdPersonne)))
            .Concat(fiche.Historique.Select(h => With(ChildKind.Historique, h.IdHistorique)));
    }

    public static string TableOf(ChildKind kind) => kind switch
    {
        ChildKind.Intervention => "intervention",
        ChildKind.Personne => "personne",
        _ => "fiche_historique",
    };
}
