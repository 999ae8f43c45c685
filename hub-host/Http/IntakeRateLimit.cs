using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Pipeline;
using Microsoft.AspNetCore.RateLimiting;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// The rate limit of <c>POST /messages</c> (<c>Hub:Intake:RateLimit:*</c>): a token bucket per sender — the partner its
/// token or client certificate authenticates, or else the remote address — of <see cref="Burst"/> messages, refilled with
/// <see cref="PerPeriod"/> every <see cref="Period"/>. Beyond it: 429 with <c>Retry-After</c>, nothing read. The
/// defaults are far above what a command centre sends and above what the hub routes (docs/performance.md): a partner
/// gone wild cannot fill the hub's queues for the others.
/// </summary>
public sealed record IntakeRateLimit(bool Enabled, int Burst, int PerPeriod, TimeSpan Period)
{
    public const string Policy = "intake";

    public static IntakeRateLimit Default { get; } = new(true, 5000, 500, TimeSpan.FromSeconds(1));

    public static IntakeRateLimit From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Hub:Intake:RateLimit");
        var limit = new IntakeRateLimit(
            section.GetValue("Enabled", Default.Enabled),
            section.GetValue("Burst", Default.Burst),
            section.GetValue("PerPeriod", Default.PerPeriod),
            section.GetValue("Period", Default.Period));
        return limit.Burst < 1 || limit.PerPeriod < 1 || limit.Period <= TimeSpan.Zero
            ? throw new InvalidOperationException($"Hub:Intake:RateLimit needs Burst and PerPeriod at least 1 and Period above zero (got {limit.Burst}, {limit.PerPeriod}, {limit.Period})")
            : limit;
    }

    public void AddTo(IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddPolicy(Policy, context => Enabled
            ? RateLimitPartition.GetTokenBucketLimiter(SenderOf(context), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Burst,
                TokensPerPeriod = PerPeriod,
                ReplenishmentPeriod = Period,
                QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(new Sender(null, null)));
        options.OnRejected = RefuseAsync;
    });

    /// <summary>Who a request counts against: the partner its credentials authenticate (<see cref="PartnerAuthentication"/>;
    /// credentials that are no partner's count as none), else its address.</summary>
    private static Sender SenderOf(HttpContext context)
    {
        string? partner;
        try
        {
            partner = PartnerAuthentication.SenderOf(context.Request, context.RequestServices.GetRequiredService<IKnownSenders>(), context.RequestServices.GetRequiredService<TimeProvider>());
        }
        catch (MessageRejectedException)
        {
            partner = null; // refused by the endpoint itself (200), after the limit
        }
        return partner is not null ? new Sender(partner, null) : new Sender(null, context.Connection.RemoteIpAddress);
    }

    private async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Period;
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        var response = rejected.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var sender = SenderOf(rejected.HttpContext);
        // The refusal's usual shape; Hub Santé has no code for it, so it carries the HTTP status.
        var message = $"more than {Burst} messages at once, or {PerPeriod} per {Period}, from {sender}: post again in {seconds} s";
        await response.WriteAsJsonAsync(new
        {
            code = StatusCodes.Status429TooManyRequests,
            status = "TOO_MANY_REQUESTS",
            problems = new[] { new { code = StatusCodes.Status429TooManyRequests, path = "$", message } },
        }, cancellationToken);
    }

    /// <summary>A partition of the limit: a partner, or an address that authenticated as none.</summary>
    private sealed record Sender(string? PartnerId, IPAddress? Address)
    {
        public override string ToString() => PartnerId ?? $"address {Address}";
    }
}
