using System.Runtime.Serialization;
using System.ServiceModel;

namespace MCIC2.Interop.Adapters.PegaseSoap.Contract;

/// <summary>
/// Pégase's own SOAP service, which the hub calls (channel <c>pegase-soap</c>) with what partners send back about
/// incidents: acknowledgements and refusals (RC-REF, RS-ERROR), answers to requests for assistance (EMSI), engaged
/// resources (RC-RI). Each call is answered once Pégase has it; a fault refuses it, no answer means "try again".
/// </summary>
[ServiceContract(Namespace = PegaseNamespaces.ServicePegase, Name = "ServicePegase")]
public interface IServicePegase
{
    [OperationContract(Name = "RecevoirAccuse")]
    Task RecevoirAccuse(Accuse accuse);

    [OperationContract(Name = "RecevoirReponse")]
    Task RecevoirReponse(Reponse reponse);

    [OperationContract(Name = "RecevoirMoyens")]
    Task RecevoirMoyens(Moyens moyens);
}

/// <summary>What every message to Pégase carries: its id (the same on every attempt: a resend is recognised by it),
/// the fiche it concerns and who sent it.</summary>
[DataContract(Namespace = PegaseNamespaces.ServicePegase)]
[KnownType(typeof(Accuse)), KnownType(typeof(Reponse)), KnownType(typeof(Moyens))]
public abstract class MessagePegase
{
    [DataMember(Order = 1, IsRequired = true)] public string IdentifiantMessage { get; set; } = "";

    /// <summary>The fiche's number; null for an incident Pégase did not report (another centre's, shared with it).</summary>
    [DataMember(Order = 2)] public string? NumeroFiche { get; set; }

    /// <summary>The hub's key of the incident.</summary>
    [DataMember(Order = 3)] public string? ReferenceHub { get; set; }

    /// <summary>The partner that sent it (<c>fr.fire.sdis35</c>).</summary>
    [DataMember(Order = 4, IsRequired = true)] public string Emetteur { get; set; } = "";

    /// <summary>When the partner sent it, Pégase's local time without offset.</summary>
    [DataMember(Order = 5)] public DateTime DateEmission { get; set; }
}

/// <summary>A partner received a message (RC-REF) or refused it (RS-ERROR, or RC-REF with a refusal).</summary>
[DataContract(Namespace = PegaseNamespaces.ServicePegase)]
public sealed class Accuse : MessagePegase
{
    /// <summary>The distribution acknowledged (the one <see cref="AccuseSignalement"/> gave).</summary>
    [DataMember(Order = 1)] public string DistributionAcquittee { get; set; } = "";
    [DataMember(Order = 2)] public bool Refus { get; set; }

    /// <summary>For a refusal: the Hub Santé code and its cause.</summary>
    [DataMember(Order = 3)] public int? Code { get; set; }
    [DataMember(Order = 4)] public string? Motif { get; set; }
}

/// <summary>An answer about the event (EMSI): what the partner says of it, its requests for assistance and the
/// crews it engages.</summary>
[DataContract(Namespace = PegaseNamespaces.ServicePegase)]
public sealed class Reponse : MessagePegase
{
    /// <summary>The CISU nature the partner gives the event.</summary>
    [DataMember(Order = 1)] public string? Nature { get; set; }
    [DataMember(Order = 2)] public List<Demande> Demandes { get; set; } = [];
    [DataMember(Order = 3)] public List<Equipage> Equipages { get; set; } = [];
    [DataMember(Order = 4)] public string? Texte { get; set; }
}

/// <summary>The resources a partner engages (RC-RI): one crew per vehicle, by its call sign.</summary>
[DataContract(Namespace = PegaseNamespaces.ServicePegase)]
public sealed class Moyens : MessagePegase
{
    [DataMember(Order = 1)] public List<Equipage> Equipages { get; set; } = [];
}

[DataContract(Namespace = PegaseNamespaces.ServicePegase)]
public sealed class Demande
{
    [DataMember(Order = 1)] public string Identifiant { get; set; } = "";
    [DataMember(Order = 2)] public string? Organisme { get; set; }
    [DataMember(Order = 3)] public string? Motif { get; set; }
    [DataMember(Order = 4)] public string? Texte { get; set; }
}

[DataContract(Namespace = PegaseNamespaces.ServicePegase)]
public sealed class Equipage
{
    /// <summary>The crew's call sign (<c>VSAV 1 RENNES</c>).</summary>
    [DataMember(Order = 1)] public string Indicatif { get; set; } = "";
    [DataMember(Order = 2)] public string? TypeVehicule { get; set; }
    [DataMember(Order = 3)] public string? Centre { get; set; }

    /// <summary>Its last status (CISU code) and when, local time without offset.</summary>
    [DataMember(Order = 4)] public string? Statut { get; set; }
    [DataMember(Order = 5)] public DateTime? DateStatut { get; set; }
    [DataMember(Order = 6)] public decimal? Latitude { get; set; }
    [DataMember(Order = 7)] public decimal? Longitude { get; set; }
}
