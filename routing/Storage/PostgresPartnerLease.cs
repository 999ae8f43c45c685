using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MCIC2.Interop.Routing.Delivery;

namespace MCIC2.Interop.Routing.Storage;

/// <summary>
/// Partner leases as PostgreSQL session-level advisory locks (<c>pg_try_advisory_lock</c>), each held on a dedicated
/// connection for as long as the worker runs: released when the worker stops, and by the server when the session
/// dies with its process — so a second hub node takes the partner over. The session is checked every
/// <c>checkEvery</c> (<see cref="DefaultCheckEvery"/>): a session that no longer answers may have lost the lock, so the hold reports it lost.
/// Advisory locks are database-wide: the key names the store's schema too, so hubs (or test runs) on other schemas of
/// the same database never wait for each other.
/// </summary>
public sealed class PostgresPartnerLease(SqlHubStore store, TimeSpan? checkEvery = null) : IPartnerLease
{
    public static readonly TimeSpan DefaultCheckEvery = TimeSpan.FromSeconds(5);

    private readonly TimeSpan _checkEvery = checkEvery ?? DefaultCheckEvery;

    /// <summary>The advisory lock key of a delivery queue of the store in <paramref name="schema"/>: the first 8 bytes of the
    /// SHA-256 of both (stable across processes and versions, unlike <see cref="string.GetHashCode()"/>).</summary>
    public static long LockKeyOf(string schema, DeliveryQueue queue) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"mcic2.delivery-lease:{schema}:{queue.PartnerId}:{queue.Role}")));

    public async Task<IPartnerLeaseHold?> TryAcquireAsync(DeliveryQueue queue, CancellationToken cancellationToken = default)
    {
        var connection = await store.OpenAsync(cancellationToken);
        try
        {
            var schema = await connection.ExecuteScalarAsync<string>(new CommandDefinition("SELECT current_schema()", cancellationToken: cancellationToken));
            var key = LockKeyOf(schema ?? "", queue);
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key }, cancellationToken: cancellationToken)))
                return new Hold(connection, key, _checkEvery);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    private sealed class Hold : IPartnerLeaseHold
    {
        private readonly DbConnection _connection;
        private readonly long _key;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _disposing = new();
        private readonly Task _checking;

        public Hold(DbConnection connection, long key, TimeSpan checkEvery)
        {
            _connection = connection;
            _key = key;
            _checking = CheckAsync(checkEvery);
        }

        public CancellationToken Lost => _lost.Token;

        private async Task CheckAsync(TimeSpan checkEvery)
        {
            using var timer = new PeriodicTimer(checkEvery);
            try
            {
                while (await timer.WaitForNextTickAsync(_disposing.Token))
                    await _connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: _disposing.Token));
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
            }
            catch (Exception)
            {
                // The session is gone or unreachable: the server frees its locks, so another node may hold this one now.
                await _lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _disposing.CancelAsync();
            await _checking;
            try
            {
                if (!_lost.IsCancellationRequested)
                    await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = _key });
            }
            catch (DbException)
            {
                // The session is broken: closing it frees the lock anyway.
            }
            finally
            {
                await _connection.DisposeAsync();
                _lost.Dispose();
                _disposing.Dispose();
            }
        }
    }
}
