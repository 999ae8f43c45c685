using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Fuzz;

namespace MCIC2.Interop.Tests.Support;

/// <summary>xmllint, a validator independent of the hub's own; scripts/test installs it (Debian libxml2-utils).</summary>
public static class Xmllint
{
    public static (int ExitCode, string Output) Validate(string xsd, byte[] xml)
    {
        var (exitCode, output, errors) = ExternalProgram.Run("xmllint", ["--noout", "--schema", xsd, "-"], xml, package: "libxml2-utils");
        return (exitCode, output + errors);
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
