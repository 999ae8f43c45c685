using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>The PostgreSQL server scripts/test starts. Never skipped silently: absent, the test fails and says why.</summary>
public static class TestPostgres
{
    public static string ConnectionString => TestServices.PostgresConnectionString;

    /// <summary>The postgres profile on a schema of its own, so tests never see each other's messages.</summary>
    public static string[] Profile(string schema) =>
        ["--Hub:Profile=postgres", $"--Hub:Postgres={ConnectionString}", $"--Hub:BusSchema={schema}", "--Hub:SingleNode=true"];

    public static string NewSchema() => "test_" + Guid.NewGuid().ToString("N")[..12];
}
