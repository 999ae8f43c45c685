using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.Adapters.Fhir;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Tests.Adapters.Fhir;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Contracts;

/// <summary>The corpus examples of every family, enveloped as partners send them, in the encoding under test.</summary>
internal static class FormatSamples
{
    private static readonly string[] Examples =
    [
        PartnerMessages.FireCase, PartnerMessages.FireResources, "examples/RC-REF/RC-REF.json", "examples/EMSI/emsi-DC-message.json",
        "examples/GEO-POS/CU2_Geolocation_01.json",
    ];

    public static IEnumerable<byte[]> In(CisuEncoding encoding) =>
        Examples.Select((example, i) => PartnerMessages.Bytes(example, "fr.fire.sdis35", $"fr.fire.sdis35_CONTRACT-{i}", PartnerMessages.Morning, encoding: encoding));
}

[TestClass]
public sealed class When_CISU_JSON_meets_the_format_contract : FormatContract
{
    protected override IMessageFormat Format => CisuFormat.Json;
    protected override IEnumerable<byte[]> Samples => FormatSamples.In(CisuEncoding.Json);
}

[TestClass]
public sealed class When_CISU_XML_meets_the_format_contract : FormatContract
{
    protected override IMessageFormat Format => CisuFormat.Xml;
    protected override IEnumerable<byte[]> Samples => FormatSamples.In(CisuEncoding.Xml);
}

[TestClass]
public sealed class When_canonical_JSON_meets_the_format_contract : FormatContract
{
    protected override IMessageFormat Format => CanonicalJsonFormat.Instance;

    protected override IEnumerable<byte[]> Samples => FormatSamples.In(CisuEncoding.Json)
        .Select(bytes => CanonicalJsonFormat.Instance.Encode(CisuCodec.Shared.Decode(bytes).Message, "CANONICAL"));
}

[TestClass]
public sealed class When_FHIR_R4_meets_the_format_contract : FormatContract
{
    protected override IMessageFormat Format => FhirFormat.Instance;

    /// <summary>Victims of an RC-EDA and of an EMSI case, and an acknowledgement (which stays CISU inside).</summary>
    protected override IEnumerable<byte[]> Samples =>
    [
        FhirMessages.Bytes(FhirMessages.FireCaseWithPatient()),
        FhirMessages.Bytes(FhirMessages.CyclistsCollision()),
        FhirFormat.Instance.Encode(CisuCodec.Shared.Decode(FormatSamples.In(CisuEncoding.Json).ElementAt(2)).Message, MessageFamilies.Reference),
    ];
}
