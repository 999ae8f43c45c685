using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>What every message endpoint shares: a bounded body, and refusals as <c>{code, status, problems[{code, path, message}]}</c>.</summary>
public static class RequestBodies
{
    /// <summary>Requests above this are refused before being read whole (the codec bounds its input too).</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    private const int ChunkBytes = 64 * 1024;

    /// <summary>The body, or null when it is larger than <see cref="MaxBytes"/>: announced so, or found so while reading
    /// it, chunk by chunk — a chunked body is never buffered beyond the limit (nor reaches Kestrel's own limit, whose 413
    /// has no body). A body the server cannot read (broken chunked encoding) is refused as 102.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > MaxBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        catch (BadHttpRequestException e)
        {
            throw new MessageRejectedException(HubErrorCode.UnrecognizedMessageFormat, "$", e.StatusCode switch
            {
                StatusCodes.Status408RequestTimeout => "the request body arrived too slowly and was not read",
                _ => "the request body could not be read: its framing (Content-Length, chunked encoding) is broken",
            });
        }
        return buffer.ToArray();
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
