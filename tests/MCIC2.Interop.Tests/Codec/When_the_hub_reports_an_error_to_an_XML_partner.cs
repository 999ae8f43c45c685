using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Processing;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Codec;

/// <summary>
/// The hub's RS-ERROR carries an RC-DE header in JSON (the JSON schemas tolerate it); the official XSDs give an error
/// message none. Written in XML for a partner whose preference is XML, it must be what xmllint accepts against the
/// official EDXL-DE envelope XSD for headerless messages, and what the hub itself reads back.
/// </summary>
[TestClass]
public sealed class When_the_hub_reports_an_error_to_an_XML_partner
{
    private static readonly DateTimeOffset Now = PartnerMessages.Morning;

    [TestMethod]
    public void Its_RS_ERROR_in_XML_has_no_header_and_is_valid_against_the_official_XSD()
    {
        var refused = PartnerMessages.Message(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_ERR-1", Now);
        var error = OutgoingMessages.Error(refused.Distribution!, "fr.police.mcic2", HubErrorCode.UnroutableMessage, "no recipient", Now);
        Assert.IsNotNull(error.Distribution!.Header, "the hub's RS-ERROR has a header in canonical form: the XML writer is what leaves it out");

        var xml = CisuCodec.Shared.Encode(error, CisuEncoding.Xml, MessageFamilies.Error);

        var text = System.Text.Encoding.UTF8.GetString(xml);
        Assert.DoesNotContain("<messageId>", text, text);
        var back = CisuCodec.Shared.Decode(xml).Message;
        Assert.AreEqual(refused.Distribution!.DistributionId, back.Error!.ReferencedDistributionId);
        Assert.AreEqual((int)HubErrorCode.UnroutableMessage, back.Error.StatusCode);

        using var directory = new TempDirectory("mcic2-xmllint-error-");
        Xmllint.WriteShippedXsds(directory.Path);
        var (exitCode, output) = Xmllint.Validate(Path.Combine(directory.Path, "EDXL-DE-full-no-header.xsd"), xml);
        Assert.AreEqual(0, exitCode, output);
    }
}
