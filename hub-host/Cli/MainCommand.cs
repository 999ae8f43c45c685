using System.CommandLine;
using MCIC2.Interop.CanonicalModel.Errors;

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
            AuditCommand.Create(stdout, stderr),
            HubExCommand.Create(stdout, stderr),
            RetentionCommand.Create(stdout, stderr),
            MigrateCommand.Create(stdout, stderr),
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

    /// <summary>Exit code of a file command that failed on a defect of its own, not of the input: one line, never a trace.</summary>
    internal const int InternalError = 70;

    /// <summary>Runs <paramref name="work"/> on the input read from FILE: a refused message prints one line per
    /// problem on <paramref name="problems"/> (exit 1), an unreadable FILE says so on <paramref name="stderr"/> (exit 2),
    /// and anything else is a defect of mcic2, said in one line (exit 70, EX_SOFTWARE) so that it is not taken for a refusal.</summary>
    internal static int OnInput(string file, Stream stdin, TextWriter problems, TextWriter stderr, Func<byte[], int> work)
    {
        try
        {
            return work(ReadInput(file, stdin));
        }
        catch (MessageRejectedException rejected)
        {
            foreach (var problem in rejected.Problems) problems.WriteLine(problem);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"cannot read {file}: {e.Message}");
            return 2;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"internal error, not a problem of the message (please report it with the input): {e.GetType().Name}: {e.Message}");
            return InternalError;
        }
    }
}
