using System.CommandLine;
using System.Text;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.CanonicalModel.Serialization;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>
/// <c>mcic2 convert FILE --to json|xml|canonical [--family FAMILY]</c>: re-encodes a CISU message, prints its
/// canonical form, or translates it into another family. Reads canonical JSON back too.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "a CISU message or a canonical message (JSON); - for standard input" };
        var to = new Option<string>("--to") { Description = "output: json, xml or canonical", Required = true };
        to.AcceptOnlyFromAmong("json", "xml", "canonical");
        var family = new Option<string?>("--family") { Description = $"translate into this family: {string.Join(", ", MessageFamilies.All.Select(f => f.ToLowerInvariant()))}" };
        family.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, MessageFamilies.All.ToArray());

        var command = new Command("convert", "Convert a message between JSON, XML, canonical and CISU families") { file, to, family };
        command.SetAction(parse =>
        {
            try
            {
                var input = MainCommand.ReadInput(parse.GetValue(file)!, stdin);
                var message = ReadMessage(input);
                var targetFamily = parse.GetValue(family) is { } f ? MessageFamilies.All.Single(x => x.Equals(f, StringComparison.OrdinalIgnoreCase)) : null;
                stdout.Write(parse.GetValue(to) switch
                {
                    "canonical" => CanonicalJson.Write(targetFamily is null ? message : CisuCodec.Shared.Translate(message, targetFamily)) + "\n",
                    "xml" => Encoding.UTF8.GetString(CisuCodec.Shared.Encode(message, CisuEncoding.Xml, targetFamily)),
                    _ => Encoding.UTF8.GetString(CisuCodec.Shared.Encode(message, CisuEncoding.Json, targetFamily)),
                });
                return 0;
            }
            catch (MessageRejectedException rejected)
            {
                foreach (var problem in rejected.Problems) stderr.WriteLine(problem);
                return 1;
            }
            catch (IOException e)
            {
                stderr.WriteLine($"cannot read {parse.GetValue(file)}: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>A canonical message (as printed by <c>--to canonical</c>) or any CISU message.</summary>
    private static CanonicalMessage ReadMessage(byte[] input) =>
        CanonicalJson.TryRead(input) ?? CisuCodec.Shared.Decode(input).Message;
}
