using System.CommandLine;
using MCIC2.Interop.CanonicalModel.Messages;

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
        to.AcceptOnlyFromAmong([.. Conversion.Targets]);
        var family = new Option<string?>("--family") { Description = $"translate into this family: {string.Join(", ", MessageFamilies.All.Select(f => f.ToLowerInvariant()))}" };

        var command = new Command("convert", "Convert a message between JSON, XML, canonical and CISU families") { file, to, family };
        command.SetAction(parse => MainCommand.OnInput(parse.GetValue(file)!, stdin, stderr, stderr, input =>
        {
            var (body, _) = Conversion.Convert(input, parse.GetValue(to)!, parse.GetValue(family));
            stdout.Write(System.Text.Encoding.UTF8.GetString(body));
            return 0;
        }));
        return command;
    }
}
