using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>The real host on a free loopback port, with a recording processor and short retries.</summary>
public sealed class BusUnderTest : IAsyncDisposable
{
    /// <summary>Short enough for tests, long enough to show the cooldown path is taken.</summary>
    public static readonly RetryPolicy QuickRetries = new(2, [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100)]);

    private BusUnderTest(WebApplication app, RecordingProcessor processor)
    {
        App = app;
        Processor = processor;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public WebApplication App { get; }
    public RecordingProcessor Processor { get; }
    public HttpClient Http { get; }

    public static async Task<BusUnderTest> StartAsync(string[] hubSettings, RecordingProcessor processor, TimeProvider? time = null)
    {
        var app = HubHostBuilder.Build(["--urls", "http://127.0.0.1:0", "--Hub:DrainTimeout=00:00:01", .. TestClock.HubSettings, .. hubSettings], services =>
        {
            services.AddSingleton<IMessageProcessor>(processor);
            // The bus tests use the corpus samples' senders (samuA, samuB), not the rules' partners.
            services.AddSingleton<IKnownSenders>(new AnySender());
            services.AddSingleton(QuickRetries);
            if (time is not null) services.AddSingleton(time);
        });
        await app.StartAsync();
        return new BusUnderTest(app, processor);
    }

    public static string[] Embedded(string dataDirectory) => ["--Hub:Profile=embedded", $"--Hub:DataDirectory={dataDirectory}"];

    public async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(byte[] message, string mediaType = "application/json")
    {
        using var content = new ByteArrayContent(message);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        var response = await Http.PostAsync(new Uri("/messages", UriKind.Relative), content);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return (response.StatusCode, body);
    }

    /// <summary>Posts and insists on 202.</summary>
    public async Task AcceptAsync(byte[] message)
    {
        var (status, body) = await PostAsync(message);
        Assert.AreEqual(HttpStatusCode.Accepted, status, body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await App.StopAsync(stopping.Token);
        await App.DisposeAsync();
    }
}

/// <summary>Every sender is a partner over HTTP in CISU JSON, none authenticates (the bus tests' senders are the corpus samples').</summary>
internal sealed class AnySender : IKnownSenders
{
    public Partner? Find(string senderId) => new(senderId, PartnerKind.Samu, senderId, ["RC-EDA"], "cisu-json", "http", "http://127.0.0.1:9/unused");

    public Partner? WithTokenSha256(string digest) => null;

    public Partner? WithCertificateSha256(string digest) => null;

    public string HubId => "fr.police.mcic2";
}
