using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Fhir;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Simulators.PartnerActors.Conformance;

/// <summary>
/// What a delivery carries of health data: an HL7 FHIR R4 Bundle (the <c>customContent</c> of its EDXL-DE envelope,
/// <c>fhir-r4</c>) and patients' identities — for health services only (docs/fhir.md).
/// </summary>
public static class HealthData
{
    /// <summary>The kind a delivery carrying a bundle the hub's <c>fhir-r4</c> format reads back, with an Encounter,
    /// an Observation and a Location, is judged as (<c>expect … gets FHIR from …</c>).</summary>
    public const string Fhir = "FHIR";

    /// <summary>A bundle that is not one: unreadable, or without the victims' entries.</summary>
    public const string InvalidFhir = "FHIR-INVALID";

    private static readonly string[] Required = ["Encounter", "Observation", "Location"];

    /// <summary>For a delivery carrying FHIR: its kind (<see cref="Fhir"/> or <see cref="InvalidFhir"/>) and what
    /// it holds (<c>Bundle RC-EDA: MessageHeader, Encounter, Location, Observation</c>) or what is wrong with it.</summary>
    public static (string Kind, string What) Describe(byte[] body)
    {
        string family;
        try
        {
            family = FhirFormat.Instance.Decode(body).Family;
        }
        catch (MessageRejectedException rejected)
        {
            return (InvalidFhir, $"the bundle is refused: {string.Join("; ", rejected.Problems.Take(3))}");
        }
        var types = Entries(body);
        var missing = Required.Where(r => !types.Contains(r)).ToList();
        var what = $"Bundle {family}: {string.Join(", ", types.GroupBy(t => t).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"))}";
        return missing.Count == 0 ? (Fhir, what) : (InvalidFhir, $"{what}; no {string.Join(", ", missing)}");
    }

    /// <summary>Why <paramref name="delivery"/> carries health data (FHIR content, a patient id or identity), or null.</summary>
    public static string? Found(Delivery delivery)
    {
        if (delivery.ContentType.Contains("fhir", StringComparison.OrdinalIgnoreCase)) return $"content type {delivery.ContentType}";
        var text = Encoding.UTF8.GetString(delivery.Body);
        if (text.Contains("resourceType", StringComparison.Ordinal)) return "FHIR content";
        if (text.Contains("patientId", StringComparison.Ordinal)) return "a patient id";
        try
        {
            var victims = CisuCodec.Shared.Decode(delivery.Body).Message.Incident?.Qualification?.Victims;
            return victims?.Patients.Any(p => p.Details is not null) == true ? "a patient's identity" : null;
        }
        catch (MessageRejectedException)
        {
            return null;
        }
    }

    private static List<string> Entries(byte[] body) =>
        [.. (JsonNode.Parse(body)?["content"]?[0]?["jsonContent"]?["embeddedJsonContent"]?["message"]?["customContent"]?["entry"]?.AsArray() ?? [])
            .Select(e => (string?)e?["resource"]?["resourceType"]).OfType<string>()];
}
