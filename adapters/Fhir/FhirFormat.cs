using System.Text.Json.Nodes;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Mapping.Distribution;
using MCIC2.Interop.Adapters.Fhir.Mapping;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Formats;
using R4 = Hl7.Fhir.Model;

namespace MCIC2.Interop.Adapters.Fhir;

/// <summary>
/// HL7 FHIR R4 for health services (<c>fhir-r4</c>): a case's victims as a message Bundle, carried as the
/// <c>customContent</c> of the EDXL-DE envelope — as Hub Santé carries FHIR on its SAS link — so the envelope, the
/// RC-REF acknowledgements and the RS-ERROR reports stay the CISU ones (JSON) every HubEx reads. Patient identities
/// and medical data travel here: the rules give this format to health services only (<see cref="IHealthDataFormat"/>).
/// </summary>
public sealed class FhirFormat : IHealthDataFormat
{
    public const string FormatName = "fhir-r4";

    /// <summary>The families whose case this format writes as a bundle of its victims.</summary>
    public static IReadOnlyList<string> CaseFamilies { get; } = [MessageFamilies.CaseCreation, MessageFamilies.Emsi, MessageFamilies.ResourcesInfo];

    /// <summary>The CISU use case that carries any JSON object: the bundle.</summary>
    private const string CustomContent = "customContent";

    private const string BundlePath = "$.content[0].jsonContent.embeddedJsonContent.message.customContent";

    /// <summary>What the envelope kept of the message it came in: written back around the bundle.</summary>
    private static readonly string[] EnvelopeParts =
        [DistributionMapper.EnvelopeResidueKey, DistributionMapper.HeaderResidueKey, CisuCodec.AdditionalContentsKey];

    /// <summary>Strict: an unknown element, a wrong type or a missing required element is refused with its FHIR path.</summary>
    private static readonly FhirJsonDeserializer Deserializer = new();
    private static readonly FhirJsonSerializer Serializer = new();

    public static FhirFormat Instance { get; } = new();

    public string Name => FormatName;

    public string ContentType => "application/fhir+json";

    public CanonicalMessage Decode(ReadOnlyMemory<byte> bytes)
    {
        var decoded = CisuCodec.Shared.Decode(bytes.Span);
        if (decoded.Encoding != CisuEncoding.Json)
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$", $"the body is XML but was sent as {ContentType}");
        var carrier = decoded.Message;
        if (carrier.Distribution is not { } distribution)
            throw new MessageRejectedException(HubErrorCode.InvalidMessage, "$", $"a {Name} message is an EDXL-DE envelope, not a bare payload");
        if (carrier.Family is MessageFamilies.Reference or MessageFamilies.Error) return carrier;
        if (carrier.Family != CustomContent || carrier.Preserved[CustomContent] is not JsonObject content)
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$.content[0].jsonContent.embeddedJsonContent.message",
                $"a {Name} message carries a FHIR Bundle as customContent, or is an RC-REF or an RS-ERROR; this one is {carrier.Family}");

        var provenance = new Provenance(distribution.SenderId, distribution.Header?.SentAt ?? distribution.SentAt, FormatName,
            distribution.Header?.MessageId ?? distribution.DistributionId);
        var (family, incident) = VictimsBundleReader.Read(Deserialize(content), provenance);
        carrier.Preserved.Remove(CustomContent);
        return new CanonicalMessage { Family = family, Distribution = distribution, Incident = incident, Preserved = carrier.Preserved };
    }

    public byte[] Encode(CanonicalMessage message, string family)
    {
        if (family is MessageFamilies.Reference or MessageFamilies.Error) return CisuCodec.Shared.Encode(message, CisuEncoding.Json, family);
        if (!CaseFamilies.Contains(family))
            throw new MessageRejectedException(HubErrorCode.SchemaNotFound, "family",
                $"{Name} writes the victims of a case ({string.Join(", ", CaseFamilies)}) and the hub's RC-REF and RS-ERROR, not {family}");
        if (message.Distribution is null)
            throw new MessageRejectedException(HubErrorCode.MessageConversionError, "distribution", $"a {Name} message travels in its EDXL-DE envelope; this one has none");
        if (message.Incident is null)
            throw new MessageRejectedException(HubErrorCode.MessageConversionError, "incident", "the message carries no case whose victims to write");

        var carrier = new CanonicalMessage { Family = CustomContent, Distribution = message.Distribution };
        foreach (var part in EnvelopeParts)
        {
            if (message.Preserved.TryGetValue(part, out var kept)) carrier.Preserved[part] = kept?.DeepClone();
        }
        carrier.Preserved[CustomContent] = JsonNode.Parse(Serializer.SerializeToString(VictimsBundleWriter.Write(message, family)));
        return CisuCodec.Shared.Encode(carrier, CisuEncoding.Json);
    }

    private static R4.Bundle Deserialize(JsonObject content)
    {
        R4.Resource resource;
        try
        {
            resource = Deserializer.DeserializeResource(content.ToJsonString());
        }
        catch (DeserializationFailedException e)
        {
            throw new MessageRejectedException(e.Exceptions.Select(Problem).ToList());
        }
        return resource as R4.Bundle
            ?? throw new MessageRejectedException(HubErrorCode.InvalidMessage, $"{BundlePath}.resourceType", $"a {FormatName} message carries a Bundle, not a {resource.TypeName}");
    }

    /// <summary>The deserializer's message without its line and position, which are those of the bundle re-read apart
    /// from the envelope and would mislead the sender.</summary>
    private static Problem Problem(CodedException e) => new(HubErrorCode.InvalidMessage,
        (e as ExtendedCodedException)?.InstancePath is { Length: > 0 } path ? path : BundlePath,
        e.Message.Split(" At ")[0]);
}
