using System.Runtime.Serialization;
using System.ServiceModel;

namespace MCIC2.Interop.Adapters.PegaseSoap.Contract;

/// <summary>
/// The hub's SOAP service for Pégase (served by the hub-host at <c>/pegase/PegasePasserelle.svc</c>): a centre still
/// on Pégase reports each fiche it creates or changes. The answer says the fiche is stored (then routed like any partner
/// message); a fiche the hub cannot take is a SOAP fault whose code is the Hub Santé status and whose reason names the
/// field (docs/pegase-soap.md).
/// </summary>
[ServiceContract(Namespace = PegaseNamespaces.Passerelle, Name = "PegasePasserelle")]
public interface IPegasePasserelle
{
    [OperationContract(Name = "SignalerFiche")]
    Task<AccuseSignalement> SignalerFiche(Fiche fiche);
}

/// <summary>Whether the fiche reported is new in Pégase or a change of one already reported (or migrated).</summary>
[DataContract(Namespace = PegaseNamespaces.Passerelle)]
public enum TypeEvenement
{
    [EnumMember] Creation,
    [EnumMember] Modification,
}

/// <summary>
/// One Pégase fiche as the centre reports it, in Pégase's own terms: its nature code (not CISU), its Lambert
/// coordinates, its local times without offset — the hub maps them as the migration does (docs/pegase-legacy.md).
/// </summary>
[DataContract(Namespace = PegaseNamespaces.Passerelle)]
public sealed class Fiche
{
    /// <summary>The fiche's number in its centre (<c>35-2026-0000042</c>): the incident's Pégase number.</summary>
    [DataMember(Order = 1, IsRequired = true)] public string NumeroFiche { get; set; } = "";

    /// <summary>The centre's code (<c>CIC35</c>).</summary>
    [DataMember(Order = 2, IsRequired = true)] public string Centre { get; set; } = "";

    /// <summary>The centre's département (<c>35</c>).</summary>
    [DataMember(Order = 3, IsRequired = true)] public string Departement { get; set; } = "";

    [DataMember(Order = 4, IsRequired = true)] public TypeEvenement Evenement { get; set; }

    /// <summary>When the call was taken, Pégase's local time (Europe/Paris) without offset.</summary>
    [DataMember(Order = 5, IsRequired = true)] public DateTime DateAppel { get; set; }

    /// <summary>When the fiche last changed, local time without offset.</summary>
    [DataMember(Order = 6, IsRequired = true)] public DateTime DateMaj { get; set; }

    /// <summary>Pégase's nature code (<c>INCEND</c>), mapped to the CISU nature by the shipped table.</summary>
    [DataMember(Order = 7)] public string? Nature { get; set; }

    /// <summary>The call-taker's matricule.</summary>
    [DataMember(Order = 8)] public string? Operateur { get; set; }

    [DataMember(Order = 9)] public string? AppelantNom { get; set; }
    [DataMember(Order = 10)] public string? AppelantTelephone { get; set; }
    [DataMember(Order = 11)] public string? TitulaireLigne { get; set; }
    [DataMember(Order = 12)] public string? Adresse { get; set; }
    [DataMember(Order = 13)] public string? CommuneInsee { get; set; }
    [DataMember(Order = 14)] public string? CommuneNom { get; set; }

    /// <summary>Lambert coordinates in metres; <see cref="Systeme"/> <c>L2E</c> (EPSG:27572) or <c>L93</c> (EPSG:2154).</summary>
    [DataMember(Order = 15)] public decimal? CoordX { get; set; }
    [DataMember(Order = 16)] public decimal? CoordY { get; set; }
    [DataMember(Order = 17)] public string? Systeme { get; set; }

    [DataMember(Order = 18)] public string? Observations { get; set; }
}

/// <summary>The hub's answer to <see cref="IPegasePasserelle.SignalerFiche"/>: stored under this distribution id.</summary>
[DataContract(Namespace = PegaseNamespaces.Passerelle)]
public sealed class AccuseSignalement
{
    [DataMember(Order = 1)] public string IdentifiantDistribution { get; set; } = "";

    /// <summary>The key the hub files the incident under (<c>fr.police.cic35.35-2026-0000042</c>).</summary>
    [DataMember(Order = 2)] public string ReferenceHub { get; set; } = "";
}

public static class PegaseNamespaces
{
    public const string Passerelle = "urn:mcic2:pegase:passerelle:1";
    public const string ServicePegase = "urn:pegase:service:1";
}
