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
