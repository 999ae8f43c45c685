using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.HubHost.Migration;

/// <summary>What one source fiche must become in the hub: its ledger record and, when migrated, its incident (with its
/// children); when rejected, its children's rejects. The migration writes it; the reconciliation computes it again and
/// compares it with what the hub holds.</summary>
public sealed record FicheTarget(FicheRecord Record, StoredIncident? Incident, IReadOnlyList<ChildReject> ChildRejects)
{
    public static FicheTarget Of(PegaseFiche fiche, string hash, FicheMapper mapper)
    {
        var outcome = mapper.Map(fiche);
        if (outcome.Reject is { } reject)
            return new FicheTarget(new FicheRecord(fiche.IdFiche, hash, null, (int)reject.Code, reject.Path, $"{reject.Kind}: {reject.Message}"), null,
                ChildReject.OfRejected(fiche, reject).ToList());
        var incident = outcome.Incident!;
        var key = FicheMapper.IncidentKey(fiche.CodeCentre, incident.Identity.PegaseNumber!);
        incident.Identity.CaseId = key;
        incident.Identity.HubId = key;
        return new FicheTarget(new FicheRecord(fiche.IdFiche, hash, key, null, null, null),
            new StoredIncident { Key = key, HubId = key, Incident = incident, CreatedBy = fiche.CodeCentre.Trim() }, []);
    }

    /// <summary>The SHA-256 of the fiche as read, its children included: a fiche whose recorded hash matches has not
    /// changed since, nor any of its interventions (crew, vehicle, position), persons or history rows.</summary>
    public static string ContentHash(PegaseFiche fiche) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(fiche))));

    /// <summary>The incident's content as compared: two incidents are the same when their canonical JSON is.</summary>
    public static string Json(Incident incident) => JsonSerializer.Serialize(incident, CanonicalJson.Options);
}
