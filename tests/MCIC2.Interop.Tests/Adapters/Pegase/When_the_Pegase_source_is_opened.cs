using System.Diagnostics;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Tests.Support;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary><c>--from</c>: SQL Server in production (Microsoft.Data.SqlClient), the PostgreSQL twin in tests. No SQL
/// Server runs here: what is tested is the choice of driver, the connect timeout, and the error when it is down.</summary>
[TestClass]
public sealed class When_the_Pegase_source_is_opened
{
    [TestMethod]
    [DataRow("sqlserver:Server=pegase35;Database=PEGASE;Integrated Security=true", PegaseServer.SqlServer)]
    [DataRow("Server=tcp:pegase35,1433;Initial Catalog=PEGASE;User Id=mig;Password=x", PegaseServer.SqlServer)]
    [DataRow("Data Source=pegase35\\CIC;Initial Catalog=PEGASE;User Id=mig;Password=x", PegaseServer.SqlServer)]
    [DataRow("Host=127.0.0.1;Port=5432;Database=pegase;Username=mig", PegaseServer.Postgres)]
    public void The_connection_string_chooses_the_driver(string from, PegaseServer server)
    {
        Assert.AreEqual(server, PegaseDatabase.ServerOf(from));
        using var connection = PegaseDatabase.Connection(from);
        Assert.IsInstanceOfType(connection, server == PegaseServer.SqlServer ? typeof(SqlConnection) : typeof(NpgsqlConnection));
        Assert.AreEqual(PegaseDatabase.ConnectTimeoutSeconds, connection.ConnectionTimeout, "a short connect timeout unless one is given");
    }

    [TestMethod]
    public void A_connect_timeout_given_is_kept()
    {
        using var connection = PegaseDatabase.Connection("sqlserver:Server=pegase35;Database=PEGASE;Connect Timeout=20");
        Assert.AreEqual(20, connection.ConnectionTimeout);
    }

    [TestMethod]
    public void A_connection_string_of_neither_server_is_refused_with_its_code()
    {
        var error = Assert.ThrowsExactly<PegaseSourceException>(() => PegaseDatabase.ServerOf("pegase35/PEGASE"));
        Assert.AreEqual(PegaseSourceException.UnknownServer, error.Code);
    }

    /// <summary>Through the real <c>mcic2</c> process: SqlClient needs ICU, which the executable loads and this test
    /// host (invariant globalization, as the whole solution) does not.</summary>
    [TestMethod]
    public async Task A_SQL_Server_that_does_not_answer_is_a_clear_error_and_mcic2_exits_2()
    {
        var from = $"sqlserver:Server=127.0.0.1,{LoopbackPorts.Free()};Database=PEGASE;User Id=mig;Password=x;Encrypt=false;ConnectRetryCount=0";
        await using var hub = await ScratchSchema.CreateAsync();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "mcic2.dll"), "migrate", "pegase", "--from", from, "--Hub:Profile=postgres", $"--Hub:Postgres={hub.ConnectionString}" })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        using var mcic2 = Process.Start(start)!;
        var (stdout, stderr) = (mcic2.StandardOutput.ReadToEndAsync(), mcic2.StandardError.ReadToEndAsync());
        await mcic2.WaitForExitAsync();

        Assert.AreEqual(2, mcic2.ExitCode, await stdout + await stderr);
        StringAssert.StartsWith(await stderr, PegaseSourceException.Unreachable + ": the Pégase SqlServer database at 127.0.0.1,");
    }
}
