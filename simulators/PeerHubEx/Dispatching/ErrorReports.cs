using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;

namespace MCIC2.Interop.Simulators.PeerHubEx.Dispatching;

/// <summary>
/// The RS-ERROR a HubEx sends a client about one of its messages: from the HubEx's own id, <c>distributionKind</c>
/// Error, to the client's <c>.info</c>, in the client's encoding; <c>errorCode</c>, <c>errorCause</c>,
/// <c>referencedDistributionID</c> and, when it was JSON, the refused message as <c>sourceMessage</c>.
/// </summary>
public sealed class ErrorReports(PeerHubExSettings settings, TimeProvider time)
{
    private readonly CisuReader _reader = new();
    private readonly CisuWriter _writer = new();

    public Delivery For(PeerClient sender, HubErrorCode code, string cause, string? referencedDistributionId, JsonObject? source)
    {
        var distributionId = $"{settings.HubId}_{Guid.NewGuid()}";
        byte[] body;
        try
        {
            body = Encode(Envelope(distributionId, sender.Id, code, cause, referencedDistributionId, source), sender.Receives);
        }
        catch (MessageRejectedException)
        {
            // A source message the format cannot carry (the very reason it was refused, sometimes): the error goes without it.
            body = Encode(Envelope(distributionId, sender.Id, code, cause, referencedDistributionId, null), sender.Receives);
        }
        return new Delivery(settings.HubId, sender.Id, RecipientQueue.Info, distributionId, body, DispatcherChecks.ContentType(sender.Receives), settings.QueueTtl);
    }

    private byte[] Encode(JsonObject envelope, CisuEncoding encoding)
    {
        var json = Encoding.UTF8.GetBytes(envelope.ToJsonString());
        return encoding == CisuEncoding.Json ? json : _writer.Write(_reader.Read(json), encoding);
    }

    private JsonObject Envelope(string distributionId, string recipientId, HubErrorCode code, string cause, string? referencedDistributionId, JsonObject? source)
    {
        var now = time.GetUtcNow();
        var sentAt = now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        var error = new JsonObject
        {
            ["errorCode"] = new JsonObject { ["statusCode"] = (int)code, ["statusString"] = code.StatusString() },
            ["errorCause"] = cause,
            ["referencedDistributionID"] = referencedDistributionId ?? "",
        };
        if (source is not null) error["sourceMessage"] = source.DeepClone();
        return new JsonObject
        {
            ["distributionID"] = distributionId,
            ["senderID"] = settings.HubId,
            ["dateTimeSent"] = sentAt,
            ["dateTimeExpires"] = now.Add(settings.QueueTtl).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["distributionStatus"] = "Actual",
            ["distributionKind"] = "Error",
            ["descriptor"] = new JsonObject
            {
                ["language"] = "fr-FR",
                ["explicitAddress"] = new JsonObject { ["explicitAddressScheme"] = "hubex", ["explicitAddressValue"] = recipientId },
            },
            ["content"] = new JsonArray(new JsonObject
            {
                ["jsonContent"] = new JsonObject
                {
                    ["embeddedJsonContent"] = new JsonObject
                    {
                        ["message"] = new JsonObject
                        {
                            ["messageId"] = distributionId,
                            ["sender"] = new JsonObject { ["name"] = settings.HubId, ["URI"] = $"hubex:{settings.HubId}" },
                            ["sentAt"] = sentAt,
                            ["kind"] = "Error",
                            ["status"] = "Actual",
                            ["recipient"] = new JsonArray(new JsonObject { ["name"] = recipientId, ["URI"] = $"hubex:{recipientId}" }),
                            ["error"] = error,
                        },
                    },
                },
            }),
        };
    }
}
