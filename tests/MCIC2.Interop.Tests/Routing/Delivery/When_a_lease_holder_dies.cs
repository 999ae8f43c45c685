using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Tests.Routing.Storage;
using Npgsql;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Delivery;

/// <summary>A hub node dies (its database session ends): the partner's lease dies with it, another node gets it,
/// and the dead holder's lease reports itself lost.</summary>
[TestClass]
public sealed class When_a_lease_holder_dies
{
    [TestMethod]
    public async Task The_lock_dies_with_its_session_and_the_holder_learns_it_lost_the_lease()
    {
        await using var scratch = await ScratchSchema.CreateAsync();
        var schema = scratch.Name;
        await using var admin = new NpgsqlConnection(TestPostgres.ConnectionString);
        await admin.OpenAsync();
        {
            var store = SqlHubStore.ForPostgres(scratch.ConnectionString);
            var lease = new PostgresPartnerLease(store, checkEvery: TimeSpan.FromMilliseconds(100));
            await using var held = await lease.TryAcquireAsync("fr.fire.sdis35");
            Assert.IsNotNull(held);
            Assert.IsNull(await lease.TryAcquireAsync("fr.fire.sdis35"));

            var key = PostgresPartnerLease.LockKeyOf(schema, new DeliveryQueue("fr.fire.sdis35"));
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1 AND classid::bigint = @high AND objid::bigint = @low", admin);
            kill.Parameters.AddWithValue("high", (long)((ulong)key >> 32));
            kill.Parameters.AddWithValue("low", (long)((ulong)key & 0xFFFF_FFFF));
            Assert.IsTrue(await kill.ExecuteScalarAsync() is true, "the holder's session was found and ended");

            // pg_terminate_backend only signals the session: it ends (and frees its locks) a moment later.
            IPartnerLeaseHold? takenOver = null;
            await Poll.UntilAsync(async () => (takenOver = await lease.TryAcquireAsync("fr.fire.sdis35")) is not null, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
            await using var _ = takenOver;
            Assert.IsNotNull(takenOver, "the lock died with its session");
            await Poll.UntilAsync(() => held.Lost.IsCancellationRequested, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
            Assert.IsTrue(held.Lost.IsCancellationRequested, "the dead holder reports its lease lost");
        }
    }
}
