using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>What every message endpoint shares: a bounded body, and refusals as <c>{code, status, problems[{code, path, message}]}</c>.</summary>
public static class RequestBodies
{
    /// <summary>Requests above this are refused before being read whole (the codec bounds its input too).</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The body, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, ct);
        return buffer.Length > MaxBytes ? null : buffer.ToArray();
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
