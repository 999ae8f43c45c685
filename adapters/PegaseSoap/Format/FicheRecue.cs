using System.Runtime.Serialization;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;

namespace MCIC2.Interop.Adapters.PegaseSoap.Format;

/// <summary>
/// What the hub stores of a <c>SignalerFiche</c> call: the fiche as Pégase sent it, who sent it (the partner the
/// channel authenticated, else the centre's Pégase) and when the hub received it — the envelope a SOAP call lacks.
/// </summary>
[DataContract(Namespace = PegaseNamespaces.Passerelle)]
public sealed class FicheRecue
{
    [DataMember(Order = 1, IsRequired = true)] public string Emetteur { get; set; } = "";
    [DataMember(Order = 2, IsRequired = true)] public DateTimeOffset RecueLe { get; set; }
    [DataMember(Order = 3, IsRequired = true)] public Fiche Fiche { get; set; } = new();

    /// <summary>The hub that received it (its id in the rules): the addressee of the envelope.</summary>
    [DataMember(Order = 4, IsRequired = true)] public string Destinataire { get; set; } = "";

    /// <summary>The partner id of a centre's Pégase (<c>fr.police.pegase.cic35</c>), as the rules name it.</summary>
    public static string PartnerIdOf(string centre) => $"fr.police.pegase.{centre.Trim().ToLowerInvariant()}";
}
