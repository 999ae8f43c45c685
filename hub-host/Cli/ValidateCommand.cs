using System.CommandLine;
using MCIC2.Interop.Adapters.Cisu;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary><c>mcic2 validate FILE</c>: the detected family and <c>valid</c>, or one <c>CODE PATH MESSAGE</c> line per problem (exit 1).</summary>
internal static class ValidateCommand
{
    public static Command Create(Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "a CISU message (JSON or XML, envelope or bare payload); - for standard input" };
        var command = new Command("validate", "Validate a CISU message against the official schemas") { file };
        command.SetAction(parse => MainCommand.OnInput(parse.GetValue(file)!, stdin, stdout, stderr, input =>
        {
            var decoded = CisuCodec.Shared.Decode(input);
            stdout.WriteLine($"{decoded.Message.Family} valid");
            foreach (var notice in decoded.Notices) stdout.WriteLine($"note: {notice.Path} {notice.Message}");
            return 0;
        }));
        return command;
    }
}
