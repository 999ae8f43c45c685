using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.Adapters.PegaseSoap.Format;

/// <summary>
/// The <c>pegase</c> format (docs/pegase-soap.md). In: a <see cref="FicheRecue"/> → an RC-EDA about the incident
/// <see cref="FicheMapper.IncidentKey"/> names — the key the migration gave the same fiche, so a migrated fiche
/// reported live updates its incident — mapped by the migration's <see cref="FicheMapper"/> (nature codes, Lambert,
/// Windows-1252 repairs, local times). Out: an RC-REF or RS-ERROR → <see cref="Accuse"/>, an EMSI →
/// <see cref="Reponse"/>, an RC-RI → <see cref="Moyens"/>; Pégase takes nothing else.
/// </summary>
public sealed partial class PegaseFormat(TimeProvider clock) : IMessageFormat
{
    public const string FormatName = "pegase";

    /// <summary>How long a fiche may wait to be delivered: the same day as the calls it reports.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public string Name => FormatName;

    public const string MediaType = "application/vnd.mcic2.pegase+xml";

    public string ContentType => MediaType;

    public CanonicalMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        var recue = PegaseXml.Read<FicheRecue>(bytes);
        var fiche = recue.Fiche;
        if (string.IsNullOrWhiteSpace(fiche.Centre))
            throw new MessageRejectedException(HubErrorCode.InsufficientData, "fiche.Centre", "blank centre: nothing to know the incident by");
        var outcome = new FicheMapper(clock).Map(ToLegacy(fiche));
        if (outcome.Reject is { } reject)
            throw new MessageRejectedException(reject.Code, ContractPath(reject.Path), reject.Message);

        var incident = outcome.Incident!;
        var key = FicheMapper.IncidentKey(fiche.Centre, fiche.NumeroFiche);
        incident.Identity.CaseId = key;
        CompleteForCisu(incident, fiche);
        // A creation creates the incident; a change (of a fiche reported or migrated before) updates it.
        var kind = fiche.Evenement == TypeEvenement.Creation ? "Report" : "Update";
        var distributionId = $"{recue.Emetteur}_{fiche.NumeroFiche.Trim()}.{fiche.DateMaj:yyyyMMdd'T'HHmmss}";
        return new CanonicalMessage
        {
            Family = MessageFamilies.CaseCreation,
            Distribution = new Distribution
            {
                DistributionId = distributionId,
                SenderId = recue.Emetteur,
                SentAt = recue.RecueLe,
                ExpiresAt = recue.RecueLe + Validity,
                Status = "Actual",
                Language = "fr-FR",
                ExplicitAddress = new ExplicitAddress { Scheme = "hubex", Value = recue.Destinataire },
                Header = new MessageHeader
                {
                    MessageId = distributionId,
                    Sender = new Party { Name = recue.Emetteur, Uri = $"hubex:{recue.Emetteur}" },
                    SentAt = recue.RecueLe,
                    Kind = kind,
                    Status = "Actual",
                    Recipients = [new Party { Name = recue.Destinataire, Uri = $"hubex:{recue.Destinataire}" }],
                },
                Kind = kind,
            },
            Incident = incident,
        };
    }

    public byte[] Encode(CanonicalMessage message, string family)
    {
        var distribution = message.Distribution
            ?? throw new MessageRejectedException(HubErrorCode.MessageConversionError, "$", "Pégase takes messages with their envelope only");
        MessagePegase written = family switch
        {
            MessageFamilies.Reference when message.Acknowledgement is { } ack => new Accuse
            {
                DistributionAcquittee = ack.AcknowledgedDistributionId,
                Refus = ack.Refused ?? false,
                NumeroFiche = NumeroOfDistribution(ack.AcknowledgedDistributionId),
            },
            MessageFamilies.Error when message.Error is { } error => new Accuse
            {
                DistributionAcquittee = error.ReferencedDistributionId,
                Refus = true,
                Code = error.StatusCode,
                Motif = error.Cause,
                NumeroFiche = NumeroOfDistribution(error.ReferencedDistributionId),
            },
            MessageFamilies.Emsi when message.Incident is { } incident => new Reponse
            {
                ReferenceHub = KeyOf(incident),
                NumeroFiche = NumeroOf(incident),
                Nature = incident.Qualification?.Nature?.Code,
                Demandes = [.. incident.AssistanceRequests.Select(r => new Demande { Identifiant = r.Id, Organisme = r.RequestingOrganization, Motif = r.Reason, Texte = r.FreeText })],
                Equipages = [.. incident.Resources.Select(Crew)],
                Texte = incident.Notes.Count == 0 ? null : string.Join("\n", incident.Notes.Select(n => n.Text)),
            },
            MessageFamilies.ResourcesInfo when message.Incident is { } incident => new Moyens
            {
                ReferenceHub = KeyOf(incident),
                NumeroFiche = NumeroOf(incident),
                Equipages = [.. incident.Resources.Select(Crew)],
            },
            _ => throw new MessageRejectedException(HubErrorCode.MessageConversionError, "$",
                $"Pégase takes RC-REF, RS-ERROR, EMSI and RC-RI (ServicePegase), not {family}"),
        };
        written.IdentifiantMessage = distribution.DistributionId;
        written.Emetteur = distribution.SenderId;
        written.DateEmission = Local(distribution.SentAt);
        return written switch
        {
            Accuse accuse => PegaseXml.Write(accuse),
            Reponse reponse => PegaseXml.Write(reponse),
            Moyens moyens => PegaseXml.Write(moyens),
            _ => throw new InvalidOperationException($"no writer for {written.GetType().Name}"),
        };
    }

    /// <summary>
    /// What an RC-EDA requires and a fiche does not say (the migration stores incidents, it does not send them): a
    /// location id, the alert's own location and qualification (the fiche's), a standard reporting, a caller contact
    /// (the phone, else unknown) and the call-taker's organisation (the centre).
    /// </summary>
    private static void CompleteForCisu(Incident incident, Fiche fiche)
    {
        incident.Location ??= new IncidentLocation { Country = "FR" };
        incident.Location.LocationId ??= $"pegase-{fiche.NumeroFiche.Trim()}";
        if (incident.Location.Point is not null) incident.Location.PositionTime ??= incident.CreatedAt;
        incident.Qualification ??= new Qualification();
        foreach (var alert in incident.Alerts)
        {
            alert.Reporting ??= "STANDARD";
            alert.Location ??= incident.Location;
            alert.Qualification ??= incident.Qualification;
            alert.Caller ??= new Caller();
            alert.Caller.Contact ??= new Contact { Type = "TEL", Detail = "INCONNU" };
            alert.Caller.Contact.Channel ??= "PERSONNE";
            alert.CallTaker ??= new CallTaker { ControlRoom = fiche.Centre.Trim() };
            alert.CallTaker.Organization ??= $"fr.police.{fiche.Centre.Trim().ToLowerInvariant()}";
        }
    }

    /// <summary>The fiche as the migration's mapper reads one (a live fiche has no id_fiche and no duplicate: 0).</summary>
    private static PegaseFiche ToLegacy(Fiche fiche) => new()
    {
        NumeroFiche = fiche.NumeroFiche ?? "",
        CodeCentre = fiche.Centre,
        Departement = string.IsNullOrWhiteSpace(fiche.Departement) ? null : fiche.Departement.Trim(),
        DateAppel = DateTime.SpecifyKind(fiche.DateAppel, DateTimeKind.Unspecified),
        DateMaj = DateTime.SpecifyKind(fiche.DateMaj, DateTimeKind.Unspecified),
        CodeNature = fiche.Nature,
        MatriculeOperateur = fiche.Operateur,
        AppelantNom = fiche.AppelantNom,
        AppelantTelephone = fiche.AppelantTelephone,
        TitulaireLigne = fiche.TitulaireLigne,
        Adresse = fiche.Adresse,
        CommuneInsee = fiche.CommuneInsee,
        CommuneNom = fiche.CommuneNom,
        CoordX = fiche.CoordX,
        CoordY = fiche.CoordY,
        CoordSysteme = fiche.Systeme,
        Observations = fiche.Observations,
    };

    // The mapper names legacy columns (fiche[0].numero_fiche); Pégase is told the field of its own call.
    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        ["numero_fiche"] = "NumeroFiche", ["code_centre"] = "Centre", ["date_appel"] = "DateAppel", ["date_maj"] = "DateMaj",
    };

    private static string ContractPath(string legacyPath)
    {
        var column = legacyPath[(legacyPath.LastIndexOf('.') + 1)..];
        return $"fiche.{(Fields.TryGetValue(column, out var field) ? field : column)}";
    }

    private static Equipage Crew(EngagedResource resource)
    {
        var status = resource.StatusHistory.LastOrDefault();
        return new Equipage
        {
            Indicatif = resource.Name ?? resource.ResourceId,
            TypeVehicule = resource.VehicleType,
            Centre = resource.CenterName,
            Statut = status?.Status,
            DateStatut = status is null ? null : Local(status.At),
            Latitude = resource.Position?.Point.Latitude,
            Longitude = resource.Position?.Point.Longitude,
        };
    }

    private static string? KeyOf(Incident incident) => incident.Identity.EmsiMainEventId ?? incident.Identity.CaseId;

    private static string? NumeroOf(Incident incident) =>
        incident.Identity.PegaseNumber ?? (KeyOf(incident) is { } key && PegaseKey().Match(key) is { Success: true } m ? m.Groups["numero"].Value : null);

    /// <summary>The fiche number inside a distribution id this format gave (<c>fr.police.pegase.cic35_NUMERO.yyyyMMddTHHmmss</c>).</summary>
    private static string? NumeroOfDistribution(string distributionId) =>
        PegaseDistribution().Match(distributionId) is { Success: true } m ? m.Groups["numero"].Value : null;

    /// <summary>Pégase's local time without offset, as it stores every time.</summary>
    private static DateTime Local(DateTimeOffset instant) => DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, Paris).DateTime, DateTimeKind.Unspecified);

    [GeneratedRegex(@"^fr\.police\.cic[0-9a-z]+\.(?<numero>[0-9AB]{2,3}-[0-9]{4}-[0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PegaseKey();

    [GeneratedRegex(@"^fr\.police\.pegase\.[^_]+_(?<numero>.+)\.[0-9]{8}T[0-9]{6}$", RegexOptions.IgnoreCase)]
    private static partial Regex PegaseDistribution();
}
