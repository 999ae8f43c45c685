using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Simulators.PegaseGenerator;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace MCIC2.Interop.Tests.Adapters.Pegase;

[TestClass]
public sealed class When_a_Pegase_database_is_generated
{
    private const int Rows = 3_000;

    [TestMethod]
    public async Task Every_fiche_is_read_once_in_chunks_and_every_kind_of_dirt_is_there()
    {
        var database = await ScratchDatabase.CreateAsync("pegase_gen_");
        try
        {
            await PegaseDatabaseFiller.FillAsync(database.ConnectionString, Rows, seed: 7);
            var mapper = new FicheMapper(new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
            var ids = new List<int>();
            var rejects = new HashSet<PegaseRejectKind>();
            var flags = new HashSet<MigrationFlag>();
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            for (var after = 0; ;)
            {
                var chunk = await PegaseSource.ReadChunkAsync(connection, after, batch: 700, centre: null, since: null, CancellationToken.None);
                if (chunk.Count == 0) break;
                foreach (var fiche in chunk)
                {
                    ids.Add(fiche.IdFiche);
                    var outcome = mapper.Map(fiche);
                    if (outcome.Reject is { } reject) rejects.Add(reject.Kind);
                    flags.UnionWith(outcome.Flags);
                }
                after = chunk[^1].IdFiche;
            }

            CollectionAssert.AreEqual(Enumerable.Range(1, Rows).ToArray(), ids.ToArray());
            CollectionAssert.AreEquivalent(Enum.GetValues<PegaseRejectKind>(), rejects.ToArray());
            CollectionAssert.AreEquivalent(Enum.GetValues<MigrationFlag>(), flags.ToArray());
        }
        finally
        {
            await database.DropAsync();
        }
    }

    [TestMethod]
    public async Task The_same_seed_gives_the_same_database_and_another_seed_another()
    {
        var checksums = new List<string>();
        foreach (var seed in new[] { 11, 11, 12 })
        {
            var database = await ScratchDatabase.CreateAsync("pegase_gen_");
            try
            {
                await PegaseDatabaseFiller.FillAsync(database.ConnectionString, 500, seed);
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT md5(string_agg(f::text, '|' ORDER BY id_fiche)) FROM fiche f", connection);
                checksums.Add((string)(await command.ExecuteScalarAsync())!);
            }
            finally
            {
                await database.DropAsync();
            }
        }

        Assert.AreEqual(checksums[0], checksums[1]);
        Assert.AreNotEqual(checksums[0], checksums[2]);
    }

    [TestMethod]
    public async Task Reading_by_centre_and_since_returns_only_those_fiches()
    {
        var database = await ScratchDatabase.CreateAsync("pegase_gen_");
        try
        {
            await PegaseDatabaseFiller.FillAsync(database.ConnectionString, 1_000, seed: 3);
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            var since = new DateTime(2020, 1, 1);

            var chunk = await PegaseSource.ReadChunkAsync(connection, 0, 1_000, "CIC44", since, CancellationToken.None);

            Assert.IsTrue(chunk.Count > 20, $"{chunk.Count}");
            Assert.IsTrue(chunk.All(f => f.CodeCentre == "CIC44" && f.DateMaj >= since));
        }
        finally
        {
            await database.DropAsync();
        }
    }
}
