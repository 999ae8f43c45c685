using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Distribution;

/// <summary>The EDXL-DE distribution element and the RC-DE header, to and from <see cref="CanonicalModel.Messages.Distribution"/>.</summary>
public static class DistributionMapper
{
    public const string EnvelopeResidueKey = "EDXL-DE";
    public const string HeaderResidueKey = "RC-DE";

    public static CanonicalModel.Messages.Distribution Read(JsonObject envelope, JsonObject? header, CanonicalMessage message)
    {
        var cursor = PayloadCursor.Over(envelope, "$");
        var distribution = new CanonicalModel.Messages.Distribution
        {
            DistributionId = cursor.RequiredString("distributionID"),
            SenderId = cursor.RequiredString("senderID"),
            SentAt = cursor.RequiredTime("dateTimeSent"),
            ExpiresAt = cursor.RequiredTime("dateTimeExpires"),
            Status = cursor.RequiredString("distributionStatus"),
            Kind = cursor.RequiredString("distributionKind"),
        };
        cursor.Object("descriptor", d =>
        {
            distribution.Language = d.String("language");
            distribution.ExplicitAddress = d.Object("explicitAddress", a => new ExplicitAddress
            {
                Scheme = a.RequiredString("explicitAddressScheme"),
                Value = a.RequiredString("explicitAddressValue"),
            });
            return distribution;
        });
        if (cursor.Residue() is { } residue) message.Preserved[EnvelopeResidueKey] = residue;
        // customContent, error and technicalNoreq messages may travel without an RC-DE header
        if (header is { Count: > 0 }) distribution.Header = ReadHeader(header, message);
        return distribution;
    }

    public static (JsonObject Envelope, JsonObject? Header) Write(CanonicalModel.Messages.Distribution d, CanonicalMessage message)
    {
        var envelope = new PayloadBuilder()
            .String("distributionID", d.DistributionId)
            .String("senderID", d.SenderId)
            .Time("dateTimeSent", d.SentAt)
            .Time("dateTimeExpires", d.ExpiresAt)
            .String("distributionStatus", d.Status)
            .String("distributionKind", d.Kind)
            .Object("descriptor", d, (b, x) => b
                .String("language", x.Language)
                .Object("explicitAddress", x.ExplicitAddress, (a, address) => a
                    .String("explicitAddressScheme", address.Scheme)
                    .String("explicitAddressValue", address.Value)))
            .Node;
        Residue.MergeInto(envelope, message.Preserved.GetValueOrDefault(EnvelopeResidueKey));
        return (envelope, d.Header is null ? null : WriteHeader(d.Header, message));
    }

    private static MessageHeader ReadHeader(JsonObject header, CanonicalMessage message)
    {
        var cursor = PayloadCursor.Over(header, "$.content[0].jsonContent.embeddedJsonContent.message");
        var result = new MessageHeader
        {
            MessageId = cursor.RequiredString("messageId"),
            Sender = cursor.Object("sender", ReadParty) ?? new Party(),
            SentAt = cursor.RequiredTime("sentAt"),
            Kind = cursor.RequiredString("kind"),
            Status = cursor.RequiredString("status"),
            Recipients = cursor.Objects("recipient", ReadParty),
        };
        if (cursor.Residue() is { } residue) message.Preserved[HeaderResidueKey] = residue;
        return result;
    }

    private static JsonObject WriteHeader(MessageHeader h, CanonicalMessage message)
    {
        var header = new PayloadBuilder()
            .String("messageId", h.MessageId)
            .Object("sender", h.Sender, WriteParty)
            .Time("sentAt", h.SentAt)
            .String("kind", h.Kind)
            .String("status", h.Status)
            .Objects("recipient", h.Recipients, WriteParty)
            .Node;
        Residue.MergeInto(header, message.Preserved.GetValueOrDefault(HeaderResidueKey));
        return header;
    }

    private static Party ReadParty(PayloadCursor c) => new() { Name = c.RequiredString("name"), Uri = c.RequiredString("URI") };

    private static void WriteParty(PayloadBuilder b, Party p) => b.String("name", p.Name).String("URI", p.Uri);
}
