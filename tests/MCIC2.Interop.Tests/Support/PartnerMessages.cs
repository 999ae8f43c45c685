using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Tests.Support;

/// <summary>Corpus examples put in an EDXL-DE envelope as a partner would send them.</summary>
public static class PartnerMessages
{
    /// <summary>A fixed sending time, for code that runs on a <c>FakeTimeProvider</c> set to it. A hub on real time
    /// gets messages dated <see cref="TestClock.Now"/>: a fixed date there expires with the calendar.</summary>
    public static readonly DateTimeOffset Morning = new(2026, 11, 28, 9, 0, 0, TimeSpan.FromHours(1));

    public const string FireCase = "examples/RC-EDA/RC-EDA_Incendie_RaymondeLECCIA.01.json";
    public const string FireResources = "examples/RC-RI/RC-RI_Incendie_RaymondeLECCIA.03.json";

    /// <summary>The example as a partner's message: its own distribution id, sender, time and kind.</summary>
    public static CanonicalMessage Message(string example, string senderId, string distributionId, DateTimeOffset sentAt, string kind = "Report", string? addressedTo = null)
    {
        var message = CisuCodec.Shared.Decode(Corpus.Bytes(example)).Message;
        message.Distribution = new Distribution
        {
            DistributionId = distributionId,
            SenderId = senderId,
            SentAt = sentAt,
            ExpiresAt = sentAt.AddDays(1),
            Status = "Actual",
            Kind = kind,
            Language = "fr-FR",
            ExplicitAddress = new ExplicitAddress { Scheme = "hubex", Value = addressedTo ?? "fr.police.mcic2" },
            Header = new MessageHeader
            {
                MessageId = distributionId,
                Sender = new Party { Name = senderId, Uri = $"hubex:{senderId}" },
                SentAt = sentAt,
                Kind = kind,
                Status = "Actual",
                Recipients = [new Party { Name = addressedTo ?? "fr.police.mcic2", Uri = $"hubex:{addressedTo ?? "fr.police.mcic2"}" }],
            },
        };
        return message;
    }

    public static byte[] Bytes(string example, string senderId, string distributionId, DateTimeOffset sentAt, string kind = "Report", CisuEncoding encoding = CisuEncoding.Json) =>
        CisuCodec.Shared.Encode(Message(example, senderId, distributionId, sentAt, kind), encoding);
}
