using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>What <c>mcic2 convert</c> and <c>POST /convert</c> both do: read a CISU or canonical message, write it
/// as JSON, XML or canonical, in its own family or translated into another.</summary>
public static class Conversion
{
    public static IReadOnlyList<string> Targets { get; } = ["json", "xml", "canonical"];

    /// <summary>The converted message and its media type; <see cref="MessageRejectedException"/> for bad input or options
    /// (<paramref name="to"/> and <paramref name="family"/> are the CLI's <c>--to</c>, <c>--family</c> and the query's <c>to</c>, <c>family</c>).</summary>
    public static (byte[] Body, string MediaType) Convert(byte[] input, string? to, string? family)
    {
        var targetFamily = family is null ? null
            : MessageFamilies.All.FirstOrDefault(f => f.Equals(family, StringComparison.OrdinalIgnoreCase))
              ?? throw new MessageRejectedException(HubErrorCode.SchemaNotFound, "--family", $"unknown family '{family}': one of {string.Join(", ", MessageFamilies.All)}");
        // A canonical message (as printed by --to canonical) or any CISU message.
        var message = CanonicalJson.TryRead(input) ?? CisuCodec.Shared.Decode(input).Message;
        return to switch
        {
            "canonical" => (System.Text.Encoding.UTF8.GetBytes(CanonicalJson.Write(targetFamily is null ? message : CisuCodec.Shared.Translate(message, targetFamily)) + "\n"), "application/json"),
            "xml" => (CisuCodec.Shared.Encode(message, CisuEncoding.Xml, targetFamily), "application/xml"),
            "json" => (CisuCodec.Shared.Encode(message, CisuEncoding.Json, targetFamily), "application/json"),
            _ => throw new MessageRejectedException(HubErrorCode.NotAllowedContentType, "--to",
                $"{(to is null ? "no output named" : $"'{to}' is not an output")}: one of {string.Join(", ", Targets)}"),
        };
    }
}
