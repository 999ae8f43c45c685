using System.Globalization;

namespace MCIC2.Interop.HubHost.Operators;

/// <summary>The API's refusals, in the hub's usual shape: the HTTP status as code, and the path (the query parameter,
/// the route value) and message of each problem.</summary>
internal static class ApiProblems
{
    public static IResult Of(int status, string path, string message) =>
        Results.Json(new { code = status, problems = new[] { new { code = status, path, message } } }, statusCode: status);

    public static IResult BadQuery(string parameter, string message) => Of(StatusCodes.Status400BadRequest, parameter, message);

    public static IResult NotFound(string path, string message) => Of(StatusCodes.Status404NotFound, path, message);

    /// <summary>A time of the query (ISO 8601 with its offset, e.g. <c>2026-12-02T08:00:00+01:00</c>), or why not.</summary>
    public static bool TryTime(string? text, string parameter, out DateTimeOffset? time, out IResult? problem)
    {
        time = null;
        problem = null;
        if (text is null) return true;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }
        problem = BadQuery(parameter, $"'{text}' is not a time (ISO 8601, e.g. 2026-12-02T08:00:00+01:00)");
        return false;
    }
}
