using System.Diagnostics;
using System.Net;
using MCIC2.Interop.Adapters.Http;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.PartnerLinks.Channels;
using MCIC2.Interop.Routing.Rules;
using MCIC2.Interop.Simulators.RecordingPartner;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Load.Http;

/// <summary>
/// The partners over HTTP: the shipped rules with every partner endpoint (and backup) on one in-process recording
/// partner; the SDIS 35 posts the load to <c>POST /messages</c>, from as many clients as the run has.
/// </summary>
public sealed class HttpLoadChannel : ILoadChannel, ILoadSender
{
    private readonly RecordingPartner _partners;
    private readonly string _directory;
    private HttpClient? _http;

    private HttpLoadChannel(RecordingPartner partners, string directory)
    {
        _partners = partners;
        _directory = directory;
    }

    public static async Task<HttpLoadChannel> StartAsync(string directory) => new(await RecordingPartner.StartAsync(), directory);

    public string Id => LoadMessages.Sdis35;

    public IReadOnlyList<ILoadSender> Senders => [this];

    public IReadOnlyList<ReceivedDelivery> Received => _partners.Received;

    public async Task<WebApplication> StartHubAsync(IEnumerable<string> settings, Action<IServiceCollection> overrides)
    {
        var rules = RuleSetLoader.CopyDefaultTo(Path.Combine(_directory, "rules"), _partners.BaseAddress);
        var app = HubHostBuilder.Build([.. settings, "--Hub:Rules", rules], overrides);
        await app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        return app;
    }

    /// <summary>Posts one message, records when it was sent and when the hub answered (202, or the run fails).</summary>
    public async Task<Posted> SendAsync(LoadMessage message)
    {
        var http = _http ?? throw new InvalidOperationException("the hub is not started");
        var started = TimeProvider.System.GetUtcNow();
        using var response = await http.PostAsync(new Uri("/messages", UriKind.Relative), new ByteArrayContent(message.Body));
        var answered = TimeProvider.System.GetUtcNow();
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"{message.DistributionId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return new Posted(started, answered);
    }

    /// <summary>The HTTP share of a delivery: the hub's own HTTP delivery to the recorder, sequential, no store.</summary>
    public async Task<IReadOnlyList<(string Measure, string Value)>> TransportAloneAsync()
    {
        const int count = 500;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var delivery = new HttpPartnerChannel(http);
        var body = new byte[4096];
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await delivery.SendAsync(new OutgoingMessage($"probe-{i}", "probe", _partners.EndpointOf("probe").ToString(), "probe", "RC-RI", "Update", "application/json", body), CancellationToken.None);
            if (result.Outcome != DeliveryOutcome.Delivered) throw new InvalidOperationException($"probe delivery: {result.Outcome} {result.Detail}");
            latencies.Record(Stopwatch.GetElapsedTime(started));
        }
        return [($"HTTP delivery alone: one POST to the recorder ({count}, sequential, no store)", latencies.Summary())];
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        await _partners.DisposeAsync();
    }
}
