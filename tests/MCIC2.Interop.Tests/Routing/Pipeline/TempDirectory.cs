namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>A data directory of its own for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mcic2-pipeline-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* a file still open: the OS temp cleaner takes it */ }
    }
}
