using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Simulators.PartnerActors.Messages;

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
        message.Distribution = ActorMessages.EnvelopeOf(senderId, distributionId, sentAt, kind, addressedTo ?? ActorMessages.HubId);
        return message;
    }

    public static byte[] Bytes(string example, string senderId, string distributionId, DateTimeOffset sentAt, string kind = "Report", CisuEncoding encoding = CisuEncoding.Json) =>
        CisuCodec.Shared.Encode(Message(example, senderId, distributionId, sentAt, kind), encoding);
}
