using System.Net;
using System.Net.Http.Headers;
using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Adapters.Http;

/// <summary>
/// Delivers by HTTP POST of the message as it is, to the partner's address (an absolute http or https URL), with its
/// content type and its delivery id in <c>X-Distribution-Id</c> (so the partner can recognise a duplicate without
/// parsing). The answer decides: 2xx delivered; 408, 429, 5xx, no connection or no answer in time: try again; any
/// other status: refused. The status is the transport code (<c>HTTP 422</c>); <see cref="NoConnection"/> or
/// <see cref="NoAnswer"/> when there is none. Give it an HttpClient that does not follow redirects (a 3xx is then
/// refused, with its status, for an operator).
/// </summary>
public sealed class HttpPartnerChannel(HttpClient http) : IPartnerChannel
{
    public const string ChannelName = "http";
    public const string DistributionIdHeader = "X-Distribution-Id";

    /// <summary>The transport codes of an attempt that got no status: the partner unreachable, or silent too long.</summary>
    public const string NoConnection = "HTTP NO_CONNECTION";
    public const string NoAnswer = "HTTP NO_ANSWER";

    /// <summary>How much of a partner's answer is kept in the error (enough to explain, not a whole page).</summary>
    private const int ExcerptLength = 500;

    public string Name => ChannelName;

    public string? CheckAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{address}' is not an absolute URI (http or https)";

    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        // A content type that cannot be sent will not get better with retries.
        if (!MediaTypeHeaderValue.TryParse(message.ContentType, out var contentType))
            return new DeliveryResult(DeliveryOutcome.Refused, $"not sent: '{message.ContentType}' is not a valid content type");
        if (CheckAddress(message.Address) is { } badAddress)
            return new DeliveryResult(DeliveryOutcome.Refused, $"not sent: {badAddress}");

        var endpoint = new Uri(message.Address);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = contentType;
        request.Headers.Add(DistributionIdHeader, message.DeliveryId);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // A 301/302/303 followed by HttpClient turns the POST into a GET without the message: a 2xx to that GET
            // would be a delivery that never happened.
            if (response.RequestMessage is { } sent && sent.Method != HttpMethod.Post)
                return new DeliveryResult(DeliveryOutcome.Refused, $"not delivered: {endpoint} redirected the POST to {sent.RequestUri}, which made it a {sent.Method}; configure the final address", TransportCode(response.StatusCode));
            if (response.IsSuccessStatusCode) return new DeliveryResult(DeliveryOutcome.Delivered, Describe(response.StatusCode), TransportCode(response.StatusCode));

            var detail = $"{Describe(response.StatusCode)}: {await ExcerptAsync(response, cancellationToken)}";
            return new DeliveryResult(IsWorthRetrying(response.StatusCode) ? DeliveryOutcome.TransientFailure : DeliveryOutcome.Refused, detail, TransportCode(response.StatusCode));
        }
        catch (HttpRequestException exception)
        {
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"no connection to {endpoint}: {exception.Message}", NoConnection);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout: the partner may or may not have it; the same distribution id lets it spot the resend.
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"no answer from {endpoint} within {http.Timeout.TotalSeconds:0.#} s", NoAnswer);
        }
    }

    private static bool IsWorthRetrying(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string Describe(HttpStatusCode status) => $"HTTP {(int)status} {status}";

    /// <summary>The transport's own code, kept with a dead letter (an operator replays "all the HTTP 422").</summary>
    private static string TransportCode(HttpStatusCode status) => $"HTTP {(int)status}";

    private static async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length <= ExcerptLength ? body : body[..ExcerptLength] + "…";
        }
        catch (HttpRequestException exception)
        {
            return $"(answer unreadable: {exception.Message})";
        }
    }
}
