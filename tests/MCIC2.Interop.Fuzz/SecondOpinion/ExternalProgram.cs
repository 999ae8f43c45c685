using System.Diagnostics;

namespace MCIC2.Interop.Fuzz;

/// <summary>Runs a validator nobody here wrote (xmllint, Python) to its end: its exit code and what it printed.</summary>
public static class ExternalProgram
{
    /// <summary>Runs <paramref name="program"/>, writing <paramref name="stdin"/> to it; fails naming the Debian package when it is missing.</summary>
    public static (int ExitCode, string Output, string Errors) Run(string program, IEnumerable<string> arguments, byte[]? stdin = null, string package = "")
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} could not run ({e.Message}): install Debian's {package} (./scripts/test does)", e);
        }
        using (process)
        {
            if (stdin is not null) process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, errors.Result);
        }
    }
}
