using Microsoft.Data.Sqlite;

namespace MCIC2.Interop.Tests.Support;

/// <summary>A directory of its own for one test, removed afterwards (unless <see cref="Keep"/>, e.g. to read a log).</summary>
public sealed class TempDirectory(string prefix = "mcic2-test-") : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>Leaves the directory in place, for inspection.</summary>
    public bool Keep { get; set; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Keep) return;
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* a file still open: the OS temp cleaner takes it */ }
    }
}
