using System.Text;
using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Load;

/// <summary>One message to send: its sender, its incident, its place in the incident, its bytes.</summary>
public sealed record LoadMessage(string Sender, int Incident, int Sequence, string DistributionId, string Family, byte[] Body);

/// <summary>
/// The partner traffic of a run: per incident an RC-EDA creation, then RC-RI updates with increasing sentAt whose
/// resource status alternates (DEPART, ARRIVEE, ...) so that every update changes the incident and is routed.
/// Built from two corpus examples (embedded resources), enveloped as their sender would send them. A message's id is
/// <c>{sender}_{run}{incident:D5}-{sequence:D5}</c>, the run a capital letter (sender ids are lower case).
/// </summary>
public static partial class LoadMessages
{
    /// <summary>The shipped rules' SDIS 35: the sender over HTTP and to the processor alone.</summary>
    public const string Sdis35 = "fr.fire.sdis35";

    private static readonly string[] Statuses = ["DEPART", "ARRIVEE"];

    /// <summary>Messages of <paramref name="incidents"/> incidents, <paramref name="total"/> in all, grouped by incident, in order,
    /// dated from <paramref name="clock"/> (the hub's): the first an hour ago, each next one a second later. Incident i
    /// is sent by <c>senders[i % senders.Count]</c>.</summary>
    public static IReadOnlyList<IReadOnlyList<LoadMessage>> Generate(string runPrefix, int total, int incidents, IReadOnlyList<string> senders, TimeProvider clock)
    {
        var now = clock.GetUtcNow().AddHours(-1);
        var start = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var creation = Resource("RC-EDA.json");
        var resources = Resource("RC-RI.json");
        var result = new List<IReadOnlyList<LoadMessage>>();
        for (var incident = 0; incident < incidents; incident++)
        {
            var count = total / incidents + (incident < total % incidents ? 1 : 0);
            var sender = senders[incident % senders.Count];
            var caseId = $"fr.fire.CGA_national.SC-{start:yyyyMMdd}-CGA_national-{runPrefix}{incident:D5}";
            var messages = new List<LoadMessage>();
            for (var sequence = 0; sequence < count; sequence++)
            {
                var message = CisuCodec.Shared.Decode(sequence == 0 ? creation : resources).Message;
                var id = $"{sender}_{runPrefix}{incident:D5}-{sequence:D5}";
                var sentAt = start.AddSeconds(sequence);
                message.Distribution = Envelope(sender, id, sentAt);
                message.Incident!.Identity.CaseId = caseId;
                if (sequence == 0) message.Incident.Identity.SenderCaseId = $"SC-{runPrefix}{incident:D5}";
                foreach (var resource in sequence == 0 ? [] : message.Incident.Resources)
                {
                    resource.StatusHistory = [new ResourceStatus { Status = Statuses[sequence % Statuses.Length], At = sentAt, Available = false }];
                    resource.DescribedAt = sentAt;
                    resource.Position = null;
                }
                messages.Add(new LoadMessage(sender, incident, sequence, id, message.Family, CisuCodec.Shared.Encode(message, CisuEncoding.Json)));
            }
            result.Add(messages);
        }
        return result;
    }

    /// <summary>The load message a delivery comes from, or null: a routed copy's delivery id is <c>{source id}@{partner}</c>;
    /// an acknowledgement or an error has the hub's own id and names the source in its body.</summary>
    public static string? SourceOf(string deliveryId, byte[] body)
    {
        if (deliveryId.LastIndexOf('@') is var at and > 0 && WholeId().IsMatch(deliveryId.AsSpan(0, at))) return deliveryId[..at];
        return Id().Match(Encoding.UTF8.GetString(body)) is { Success: true } named ? named.Value : null;
    }

    /// <summary>The run a load message id belongs to (<c>W</c> warm-up, <c>M</c> measured).</summary>
    public static string RunOf(string distributionId) => distributionId.Substring(distributionId.LastIndexOf('_') + 1, 1);

    [GeneratedRegex(@"[a-z0-9][a-z0-9._-]*_[A-Z]\d{5}-\d{5}")]
    private static partial Regex Id();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]*_[A-Z]\d{5}-\d{5}$")]
    private static partial Regex WholeId();

    private static Distribution Envelope(string sender, string id, DateTimeOffset sentAt) => new()
    {
        DistributionId = id,
        SenderId = sender,
        SentAt = sentAt,
        ExpiresAt = sentAt.AddDays(1),
        Status = "Actual",
        Kind = "Report",
        Language = "fr-FR",
        ExplicitAddress = new ExplicitAddress { Scheme = "hubex", Value = "fr.police.mcic2" },
        Header = new MessageHeader
        {
            MessageId = id,
            Sender = new Party { Name = sender, Uri = $"hubex:{sender}" },
            SentAt = sentAt,
            Kind = "Report",
            Status = "Actual",
            Recipients = [new Party { Name = "fr.police.mcic2", Uri = "hubex:fr.police.mcic2" }],
        },
    };

    private static byte[] Resource(string name)
    {
        using var stream = typeof(LoadMessages).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"resource {name} missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
