namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>The PostgreSQL server scripts/test starts. Never skipped silently: absent, the test fails and says why.</summary>
public static class TestPostgres
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("MCIC2_TEST_POSTGRES") is { Length: > 0 } value
            ? value
            : throw new AssertFailedException(
                "MCIC2_TEST_POSTGRES is not set: run the tests through scripts/test, which starts PostgreSQL and exports it " +
                "(an Npgsql connection string such as Host=127.0.0.1;Port=55498;Username=postgres;Database=postgres)");

    /// <summary>The postgres profile on a schema of its own, so tests never see each other's messages.</summary>
    public static string[] Profile(string schema) =>
        ["--Hub:Profile=postgres", $"--Hub:Postgres={ConnectionString}", $"--Hub:BusSchema={schema}", "--Hub:SingleNode=true"];

    public static string NewSchema() => "test_" + Guid.NewGuid().ToString("N")[..12];
}
