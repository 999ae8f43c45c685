using MCIC2.Interop.Adapters.Pegase.Source;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>Clean fiches to spoil one way at a time.</summary>
internal static class PegaseFiches
{
    /// <summary>A cambriolage in Rennes, 12 May 2015 at 14:32 local time, in Lambert-93 (the Place de la Mairie).</summary>
    public static PegaseFiche Clean(int id = 1) => new()
    {
        IdFiche = id,
        NumeroFiche = $"035-2015-{id:D7}",
        CodeCentre = "CIC35",
        Departement = "035",
        DateAppel = new DateTime(2015, 5, 12, 14, 32, 5),
        DateMaj = new DateTime(2015, 5, 12, 16, 0, 0),
        CodeNature = "CAMBR",
        MatriculeOperateur = "OP1234",
        AppelantNom = "Mme Le Guével",
        AppelantTelephone = "0299000000",
        Adresse = "1 place de la Mairie",
        CommuneInsee = "35238",
        CommuneNom = "Rennes",
        CoordX = 351_870.00m,
        CoordY = 6_789_390.00m,
        CoordSysteme = "L93",
        Observations = "porte fracturée, auteurs partis",
        PremiereFiche = id,
    };
}
