namespace MCIC2.Interop.Adapters.Pegase.Source;

/// <summary>The tables whose rows hang off a fiche by <c>id_fiche</c>: each row is migrated with its fiche or rejected.</summary>
public enum ChildKind
{
    Intervention,
    Personne,
    Historique,
}

/// <summary>One intervention as <see cref="PegaseSource"/> reads it, joined with its crew, the crew's vehicle and the
/// vehicle's last position between the request and the end (null where the joined row is missing).</summary>
public sealed record PegaseIntervention
{
    public int IdIntervention { get; init; }
    public int IdFiche { get; init; }
    public int? IdEquipage { get; init; }
    public DateTime DateDemande { get; init; }
    public DateTime? DateArrivee { get; init; }
    public DateTime? DateFin { get; init; }

    /// <summary>The crew's call sign (<c>TN 35-12</c>); null when id_equipage names no equipage.</summary>
    public string? Indicatif { get; init; }

    public int? IdVehicule { get; init; }
    public string? Immatriculation { get; init; }

    /// <summary>The vehicle's type; null when the crew has no vehicle or names one that does not exist.</summary>
    public string? TypeVehicule { get; init; }

    public int? IdPosition { get; init; }
    public DateTime? DatePosition { get; init; }
    public decimal? CoordX { get; init; }
    public decimal? CoordY { get; init; }
    public string? CoordSysteme { get; init; }
}

/// <summary>A person of a fiche: <c>qualite</c> V victime, T témoin, M mis en cause.</summary>
public sealed record PegasePersonne
{
    public int IdPersonne { get; init; }
    public int IdFiche { get; init; }
    public string Qualite { get; init; } = "";
    public string? Nom { get; init; }
    public string? Prenom { get; init; }
    public DateTime? DateNaissance { get; init; }
}

/// <summary>One update of a fiche: the column, its old and new values, who (the call-taker's matricule) and when.</summary>
public sealed record PegaseHistorique
{
    public int IdHistorique { get; init; }
    public int IdFiche { get; init; }
    public DateTime DateMaj { get; init; }
    public string? MatriculeOperateur { get; init; }
    public string Champ { get; init; } = "";
    public string? AncienneValeur { get; init; }
    public string? NouvelleValeur { get; init; }
}

/// <summary>A child row whose fiche does not exist: rejected, since there is no incident to put it on.</summary>
public sealed record PegaseOrphan(ChildKind Kind, int Id, int IdFiche);

/// <summary>A chunk as the migration reads it: the fiches with their children, the orphan rows of the chunk's id range
/// (only when the whole source is read), and that range, id_fiche in (<see cref="After"/>, <see cref="LastIdFiche"/>]:
/// the next chunk starts after <see cref="LastIdFiche"/>.</summary>
public sealed record PegaseChunk(IReadOnlyList<PegaseFiche> Fiches, IReadOnlyList<PegaseOrphan> Orphans, int After, int LastIdFiche)
{
    public bool IsEmpty => Fiches.Count == 0 && Orphans.Count == 0;
}
