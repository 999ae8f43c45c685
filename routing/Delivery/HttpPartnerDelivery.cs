using System.Net;
using System.Net.Http.Headers;

namespace MCIC2.Interop.Routing.Delivery;

/// <summary>
/// Delivers by HTTP POST of the message as it is, with its content type and its distribution id in
/// <c>X-Distribution-Id</c> (so the partner can recognise a duplicate without parsing). The answer decides:
/// 2xx delivered; 408, 429, 5xx, no connection or no answer in time: try again; any other status: refused.
/// Give it an HttpClient that does not follow redirects (a 3xx is then refused, with its status, for an operator).
/// </summary>
public sealed class HttpPartnerDelivery(HttpClient http) : IPartnerDelivery
{
    public const string DistributionIdHeader = "X-Distribution-Id";

    /// <summary>How much of a partner's answer is kept in the error (enough to explain, not a whole page).</summary>
    private const int ExcerptLength = 500;

    public async Task<DeliveryResult> DeliverAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        // A content type that cannot be sent will not get better with retries.
        if (!MediaTypeHeaderValue.TryParse(message.ContentType, out var contentType))
            return new DeliveryResult(DeliveryOutcome.Refused, $"not sent: '{message.ContentType}' is not a valid content type");

        using var request = new HttpRequestMessage(HttpMethod.Post, message.Endpoint) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = contentType;
        request.Headers.Add(DistributionIdHeader, message.DeliveryId);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            // A 301/302/303 followed by HttpClient turns the POST into a GET without the message: a 2xx to that GET
            // would be a delivery that never happened.
            if (response.RequestMessage is { } sent && sent.Method != HttpMethod.Post)
                return new DeliveryResult(DeliveryOutcome.Refused, $"not delivered: {message.Endpoint} redirected the POST to {sent.RequestUri}, which made it a {sent.Method}; configure the final address");
            if (response.IsSuccessStatusCode) return new DeliveryResult(DeliveryOutcome.Delivered, Describe(response.StatusCode));

            var detail = $"{Describe(response.StatusCode)}: {await ExcerptAsync(response, cancellationToken)}";
            return IsWorthRetrying(response.StatusCode)
                ? new DeliveryResult(DeliveryOutcome.TransientFailure, detail)
                : new DeliveryResult(DeliveryOutcome.Refused, detail);
        }
        catch (HttpRequestException exception)
        {
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"no connection to {message.Endpoint}: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout: the partner may or may not have it; the same distribution id lets it spot the resend.
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"no answer from {message.Endpoint} within {http.Timeout.TotalSeconds:0.#} s");
        }
    }

    private static bool IsWorthRetrying(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static string Describe(HttpStatusCode status) => $"HTTP {(int)status} {status}";

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
