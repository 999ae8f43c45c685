using System.Collections.Concurrent;
using System.Text.Json;

namespace MCIC2.Interop.Simulators.RecordingPartner;

/// <summary>One delivery as the partner received it.</summary>
public sealed record ReceivedDelivery(long Order, string PartnerId, string DeliveryId, string ContentType, byte[] Body, DateTimeOffset ReceivedAt);

/// <summary>
/// Stands in for every partner at once: <c>POST /partners/{partnerId}</c> records the delivery (its
/// <c>X-Distribution-Id</c>, body, arrival order) and answers 200 — or 503 while that partner is "down", 422 while it is "refusing".
/// Runs in-process (tests, load command) or standalone (<c>dotnet run --project simulators/RecordingPartner</c>).
/// <para>Given a ledger file, it is a test ledger that survives its own crash: each delivery is appended to the file
/// and flushed to disk before the 200, so what the hub was told "delivered" is on disk; a partner started again on the
/// same file has that ledger back and goes on numbering after it.</para>
/// </summary>
public sealed class RecordingPartner : IAsyncDisposable
{
    public const string DistributionIdHeader = "X-Distribution-Id";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private readonly ConcurrentDictionary<string, bool> _down = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> _refusing = new(StringComparer.OrdinalIgnoreCase);
    private readonly FileStream? _ledgerFile;
    private readonly Lock _appending = new();
    private long _order;

    private RecordingPartner(WebApplication app, FileStream? ledgerFile)
    {
        _app = app;
        _ledgerFile = ledgerFile;
    }

    public Uri BaseAddress => new(_app.Urls.First());

    public Uri EndpointOf(string partnerId) => new(BaseAddress, $"partners/{partnerId}");

    /// <summary>Everything received, in arrival order, duplicates included.</summary>
    public IReadOnlyList<ReceivedDelivery> Received => [.. _received.OrderBy(r => r.Order)];

    /// <summary>While down, the partner answers 503 (the hub must retry later, keeping the order).</summary>
    public void SetDown(string partnerId, bool down) => _down[partnerId] = down;

    /// <summary>While refusing, the partner answers 422 (the hub must not retry: a poison delivery, dead-lettered).</summary>
    public void SetRefusing(string partnerId, bool refusing) => _refusing[partnerId] = refusing;

    /// <param name="ledgerFile">Where the deliveries are kept (JSON lines), read back at start; none: in memory only.</param>
    public static async Task<RecordingPartner> StartAsync(string urls = "http://127.0.0.1:0", TimeProvider? time = null, string? ledgerFile = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        List<ReceivedDelivery> kept = [];
        var partner = new RecordingPartner(app, ledgerFile is null ? null : OpenLedger(ledgerFile, out kept));
        foreach (var delivery in kept) partner._received.Enqueue(delivery);
        partner._order = kept.Count == 0 ? 0 : kept.Max(d => d.Order);
        var clock = time ?? TimeProvider.System;
        app.MapPost("/partners/{partnerId}", async (string partnerId, HttpRequest request) =>
        {
            if (partner._down.GetValueOrDefault(partnerId)) return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            if (partner._refusing.GetValueOrDefault(partnerId)) return Results.Text("refused by the recording partner", statusCode: StatusCodes.Status422UnprocessableEntity);
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var deliveryId = request.Headers[DistributionIdHeader].ToString();
            partner.Record(partnerId, deliveryId, request.ContentType ?? "", buffer.ToArray(), clock.GetUtcNow());
            return Results.Ok();
        });
        await app.StartAsync();
        return partner;
    }

    /// <summary>What a partner that deduplicates by message id ends up with.</summary>
    public Ledger Ledger() => new(Received);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        if (_ledgerFile is not null) await _ledgerFile.DisposeAsync();
    }

    private void Record(string partnerId, string deliveryId, string contentType, byte[] body, DateTimeOffset at)
    {
        if (_ledgerFile is null)
        {
            _received.Enqueue(new ReceivedDelivery(Interlocked.Increment(ref _order), partnerId, deliveryId, contentType, body, at));
            return;
        }
        // One writer at a time: the file's lines are in the order numbers' order, each on disk before its 200.
        lock (_appending)
        {
            var delivery = new ReceivedDelivery(++_order, partnerId, deliveryId, contentType, body, at);
            _ledgerFile.Write(JsonSerializer.SerializeToUtf8Bytes(delivery));
            _ledgerFile.WriteByte((byte)'\n');
            _ledgerFile.Flush(flushToDisk: true);
            _received.Enqueue(delivery);
        }
    }

    /// <summary>The ledger file, its complete lines read back (a line cut by a crash was never answered 200: dropped).</summary>
    private static FileStream OpenLedger(string path, out List<ReceivedDelivery> kept)
    {
        kept = [];
        var complete = 0L;
        if (File.Exists(path))
        {
            var bytes = File.ReadAllBytes(path);
            var start = 0;
            for (var end = Array.IndexOf(bytes, (byte)'\n'); end >= 0; end = Array.IndexOf(bytes, (byte)'\n', start))
            {
                kept.Add(JsonSerializer.Deserialize<ReceivedDelivery>(bytes.AsSpan(start, end - start))!);
                start = end + 1;
            }
            complete = start;
        }
        var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        file.SetLength(complete);
        file.Seek(complete, SeekOrigin.Begin);
        return file;
    }
}

/// <summary>The received deliveries once deduplicated by id, per partner; redeliveries counted.</summary>
public sealed class Ledger(IReadOnlyList<ReceivedDelivery> received)
{
    public IReadOnlyList<ReceivedDelivery> All { get; } = received;

    /// <summary>First arrival of each delivery id, in arrival order.</summary>
    public IReadOnlyList<ReceivedDelivery> Distinct { get; } = received.GroupBy(r => r.DeliveryId).Select(g => g.First()).OrderBy(r => r.Order).ToList();

    /// <summary>Deliveries received more than once (after a crash the hub resends what it could not mark delivered).</summary>
    public int Redeliveries => All.Count - Distinct.Count;

    public IReadOnlyList<ReceivedDelivery> Of(string partnerId) => Distinct.Where(r => r.PartnerId.Equals(partnerId, StringComparison.OrdinalIgnoreCase)).ToList();
}
