using System.CommandLine;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>The <c>mcic2</c> command line. Streams are injected so tests run it in-process, stdin included.</summary>
public static class MainCommand
{
    public static async Task<int> InvokeAsync(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("MCIC2.Interop — interoperability hub of the police command centres (CIC)")
        {
            RunCommand.Create(stderr),
            ValidateCommand.Create(stdin, stdout, stderr),
            ConvertCommand.Create(stdin, stdout, stderr),
            DeadLettersCommand.Create(stdout, stderr),
        };
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr });
    }

    /// <summary>Reads FILE, or standard input when FILE is <c>-</c>.</summary>
    internal static byte[] ReadInput(string file, Stream stdin)
    {
        if (file != "-") return File.ReadAllBytes(file);
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    }
}
