namespace MCIC2.Interop.Adapters.Pegase.Source;

/// <summary>One fiche as <see cref="PegaseSource"/> reads it, joined with its centre, call-taker and nature
/// (null where the joined row is missing: an orphan), and its interventions, persons and history. Times are Pégase's:
/// local, without offset.</summary>
public sealed record PegaseFiche
{
    public int IdFiche { get; init; }
    public string NumeroFiche { get; init; } = "";
    public string CodeCentre { get; init; } = "";

    /// <summary>The centre's département; null when the fiche names a centre that does not exist.</summary>
    public string? Departement { get; init; }

    public DateTime DateAppel { get; init; }
    public DateTime DateMaj { get; init; }
    public string? CodeNature { get; init; }
    public string? MatriculeOperateur { get; init; }
    public string? AppelantNom { get; init; }
    public string? AppelantTelephone { get; init; }
    public string? TitulaireLigne { get; init; }
    public string? Adresse { get; init; }
    public string? CommuneInsee { get; init; }
    public string? CommuneNom { get; init; }
    public decimal? CoordX { get; init; }
    public decimal? CoordY { get; init; }
    public string? CoordSysteme { get; init; }
    public string? Observations { get; init; }

    /// <summary>The smallest id_fiche carrying the same numero_fiche: another one than this fiche means a duplicate.</summary>
    public int PremiereFiche { get; init; }

    // The rows hanging off the fiche, read by chunk (one query per table): part of the content hash, so a changed
    // child row changes its fiche's hash and updates its incident.
    public IReadOnlyList<PegaseIntervention> Interventions { get; init; } = [];
    public IReadOnlyList<PegasePersonne> Personnes { get; init; } = [];
    public IReadOnlyList<PegaseHistorique> Historique { get; init; } = [];
}
