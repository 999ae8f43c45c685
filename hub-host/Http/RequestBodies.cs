using System.Buffers;
using MCIC2.Interop.CanonicalModel.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>What every message endpoint shares: a bounded body, and refusals as <c>{code, status, problems[{code, path, message}]}</c>.</summary>
public static class RequestBodies
{
    /// <summary>Requests above this are refused, never read beyond it (the codec bounds its input too).</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>Kestrel's <c>MaxRequestBodySize</c>, from <see cref="MaxBytes"/>: once the hub has answered 413, Kestrel
    /// reads the rest of the request up to this and discards it, so that a client still sending (as .NET's HttpClient
    /// does) gets the answer; a longer one has its connection reset.</summary>
    public const long KestrelMaxBytes = 8 * MaxBytes;

    /// <summary>Read at a time: a body is buffered in steps of this, never beyond <see cref="MaxBytes"/>.</summary>
    private const int Chunk = 64 * 1024;

    public static void LimitKestrel(KestrelServerOptions kestrel) => kestrel.Limits.MaxRequestBodySize = KestrelMaxBytes;

    /// <summary>The body, or null when it is larger than <see cref="MaxBytes"/>: a chunked upload is read up to the
    /// limit and no further.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        using var body = new MemoryStream((int)(request.ContentLength ?? Chunk));
        var chunk = ArrayPool<byte>.Shared.Rent(Chunk);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, Chunk), ct)) > 0)
            {
                if (body.Length + read > MaxBytes) return null;
                body.Write(chunk, 0, read);
            }
            return body.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    public static IResult TooLarge() => Refused(
        new MessageRejectedException(HubErrorCode.InvalidMessage, "$", $"message larger than {MaxBytes} bytes"), StatusCodes.Status413PayloadTooLarge);

    public static IResult Refused(MessageRejectedException rejected, int statusCode = StatusCodes.Status400BadRequest) => Results.Json(new
    {
        code = (int)rejected.Code,
        status = rejected.Code.StatusString(),
        problems = rejected.Problems.Select(p => new { code = (int)p.Code, path = p.Path, message = p.Message }),
    }, statusCode: statusCode);
}
