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
            var childRejects = new HashSet<(ChildKind, ChildRejectKind)>();
            var flags = new HashSet<MigrationFlag>();
            var (children, roles) = (new Dictionary<ChildKind, int>(), new HashSet<string>());
            await using var connection = new NpgsqlConnection(database.ConnectionString);
            await connection.OpenAsync();
            for (var after = 0; ;)
            {
                var chunk = await PegaseSource.ReadAsync(connection, after, batch: 700, centre: null, since: null, CancellationToken.None);
                if (chunk.IsEmpty) break;
                foreach (var fiche in chunk.Fiches)
                {
                    ids.Add(fiche.IdFiche);
                    var outcome = mapper.Map(fiche);
                    if (outcome.Reject is { } reject)
                    {
                        rejects.Add(reject.Kind);
                        childRejects.UnionWith(ChildReject.OfRejected(fiche, reject).Select(c => (c.Table, c.Kind)));
                    }
                    flags.UnionWith(outcome.Flags);
                    children[ChildKind.Intervention] = children.GetValueOrDefault(ChildKind.Intervention) + fiche.Interventions.Count;
                    children[ChildKind.Personne] = children.GetValueOrDefault(ChildKind.Personne) + fiche.Personnes.Count;
                    children[ChildKind.Historique] = children.GetValueOrDefault(ChildKind.Historique) + fiche.Historique.Count;
                    roles.UnionWith(fiche.Personnes.Select(p => p.Qualite));
                }
                childRejects.UnionWith(chunk.Orphans.Select(o => (o.Kind, ChildRejectKind.OrphanFiche)));
                after = chunk.LastIdFiche;
            }

            CollectionAssert.AreEqual(Enumerable.Range(1, Rows).ToArray(), ids.ToArray());
            CollectionAssert.AreEquivalent(Enum.GetValues<PegaseRejectKind>(), rejects.ToArray());
            CollectionAssert.AreEquivalent(Enum.GetValues<MigrationFlag>(), flags.ToArray());
            CollectionAssert.AreEquivalent(
                Enum.GetValues<ChildKind>().SelectMany(k => Enum.GetValues<ChildRejectKind>().Select(r => (k, r))).ToArray(), childRejects.ToArray(),
                "every child table has orphans and children of rejected fiches");
            CollectionAssert.IsSubsetOf(new[] { "V", "T", "M", "v", "X" }, roles.ToArray());
            var perFiche = children.Values.Sum() / (double)Rows;
            Assert.IsTrue(perFiche is > 1.5 and < 2.5, $"{perFiche:F2} interventions, persons and updates per fiche (positions besides)");
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
                await using var command = new NpgsqlCommand("""
                    SELECT md5((SELECT string_agg(f::text, '|' ORDER BY id_fiche) FROM fiche f)
                        || (SELECT string_agg(i::text, '|' ORDER BY id_intervention) FROM intervention i)
                        || (SELECT string_agg(p::text, '|' ORDER BY id_position) FROM position_vehicule p)
                        || (SELECT string_agg(p::text, '|' ORDER BY id_personne) FROM personne p)
                        || (SELECT string_agg(h::text, '|' ORDER BY id_historique) FROM fiche_historique h)
                        || (SELECT string_agg(e::text, '|' ORDER BY id_equipage) FROM equipage e))
                    """, connection);
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

            var chunk = (await PegaseSource.ReadAsync(connection, 0, 1_000, "CIC44", since, CancellationToken.None)).Fiches;

            Assert.IsTrue(chunk.Count > 20, $"{chunk.Count}");
            Assert.IsTrue(chunk.All(f => f.CodeCentre == "CIC44"));
            // Updated since, or an intervention's time or an update of its history since: a change of a child row is selected too.
            Assert.IsTrue(chunk.All(f => f.DateMaj >= since || f.Historique.Any(h => h.DateMaj >= since)
                || f.Interventions.Any(i => i.DateDemande >= since || i.DateArrivee >= since || i.DateFin >= since)));
            Assert.IsTrue(chunk.All(f => f.Interventions.All(i => i.IdFiche == f.IdFiche) && f.Personnes.All(p => p.IdFiche == f.IdFiche)));
        }
        finally
        {
            await database.DropAsync();
        }
    }
}
