using System.Diagnostics;
using MCIC2.Interop.Adapters.Cisu;

namespace MCIC2.Interop.Tests.Support;

/// <summary>xmllint, a validator independent of the hub's own; scripts/test installs it (Debian libxml2-utils).</summary>
public static class Xmllint
{
    public static (int ExitCode, string Output) Validate(string xsd, byte[] xml)
    {
        var start = new ProcessStartInfo("xmllint", ["--noout", "--schema", xsd, "-"])
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
            Assert.Fail($"xmllint could not run ({e.Message}): install Debian's libxml2-utils (./scripts/test does)");
            throw;
        }
        using (process)
        {
            process.StandardInput.BaseStream.Write(xml);
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output + errors.Result);
        }
    }

    /// <summary>Writes the XSDs the CISU adapter ships (the official ones, with their imports) into <paramref name="directory"/>.</summary>
    public static void WriteShippedXsds(string directory)
    {
        var assembly = typeof(CisuCodec).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("xsd/", StringComparison.Ordinal)))
        {
            var path = Path.Combine(directory, resource["xsd/".Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var from = assembly.GetManifestResourceStream(resource)!;
            using var to = File.Create(path);
            from.CopyTo(to);
        }
    }
}
