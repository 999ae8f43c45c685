using MCIC2.Interop.Adapters.Pegase.Source;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

/// <summary>No SQL Server runs here: every T-SQL statement the migration sends or ships is parsed as SQL Server 2012
/// parses it (the oldest version with OFFSET … FETCH).</summary>
[TestClass]
public sealed class When_the_Pegase_SQL_is_checked
{
    public static IEnumerable<object[]> Statements =>
    [
        ["the shipped DDL", PegaseSource.Schema(sqlServer: true)],
        ["the chunk query", PegaseSource.ChunkQuery],
        ["the count query", PegaseSource.CountQuery],
        ["the interventions of a chunk", PegaseSource.InterventionQuery],
        ["the persons of a chunk", PegaseSource.PersonneQuery],
        ["the history of a chunk", PegaseSource.HistoriqueQuery],
    ];

    [TestMethod]
    [DynamicData(nameof(Statements))]
    public void It_parses_as_T_SQL_without_error(string what, string sql)
    {
        var parser = new TSql110Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);

        parser.Parse(reader, out var errors);

        Assert.AreEqual(0, errors.Count, $"{what}: " + string.Join("; ", errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
    }

    [TestMethod]
    public void The_parser_catches_a_statement_SQL_Server_refuses()
    {
        var parser = new TSql110Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader("SELECT id_fiche FROM fiche ORDER BY id_fiche LIMIT 10");

        parser.Parse(reader, out var errors);

        Assert.AreNotEqual(0, errors.Count, "LIMIT is PostgreSQL, not T-SQL");
    }
}
