using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Serialization;
using MCIC2.Interop.PartnerLinks.Formats;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>
/// What the API shows of medical data: the patients' identities and medical details, the health motive, and the bytes
/// of a health-data format (<c>fhir-r4</c>) only to operators with the <see cref="OperatorRoles.Medical"/> role.
/// Others see a marker where they are, never a silent gap: they know something is withheld and why.
/// </summary>
public static class MedicalFields
{
    public const string Marker = "withheld: medical confidentiality (operators with the role medical see it)";

    public static bool MaySee(ClaimsPrincipal user) => user.IsInRole(OperatorRoles.Medical);

    /// <summary>The incident as JSON for this operator: as stored, or with its medical fields replaced by <see cref="Marker"/>.</summary>
    public static JsonNode Shown(Incident incident, ClaimsPrincipal user)
    {
        var json = JsonSerializer.SerializeToNode(incident, CanonicalJson.Options)!;
        if (MaySee(user) || json["qualification"] is not JsonObject qualification) return json;
        if (qualification.ContainsKey("healthMotive")) qualification["healthMotive"] = Marker;
        // The witnesses' and mis en cause's identities (victims.involved) are kept like the patients'.
        foreach (var list in new[] { "patients", "involved" })
        {
            if (qualification["victims"]?[list] is not JsonArray persons) continue;
            foreach (var person in persons.OfType<JsonObject>().Where(p => p.ContainsKey("details")))
                person["details"] = Marker;
        }
        return json;
    }

    /// <summary>True when the bytes of this format are medical data this operator may not see.</summary>
    public static bool Withholds(string format, MessageFormats formats, ClaimsPrincipal user) =>
        !MaySee(user) && formats.Find(format) is IHealthDataFormat;
}
