using System.Collections.Concurrent;
using System.ServiceModel;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using SoapCore;

namespace MCIC2.Interop.Simulators.PegaseCentre;

/// <summary>One call the hub made to ServicePegase, in arrival order (resends included).</summary>
public sealed record ReceivedCall(long Order, string Operation, MessagePegase Message, DateTimeOffset ReceivedAt);

/// <summary>
/// A Pégase centre on both sides of the bridge. It serves <see cref="IServicePegase"/> at <see cref="ServicePath"/>,
/// recording each call and answering it — or HTTP 503 while <see cref="SetDown"/> says Pégase is down — and reports
/// fiches to the hub's <c>PegasePasserelle</c> (<see cref="SignalerAsync"/>). In-process (tests) or standalone
/// (<c>dotnet run --project simulators/PegaseCentre</c>).
/// </summary>
public sealed class PegaseCentre : IAsyncDisposable
{
    public const string ServicePath = "/pegase/ServicePegase.svc";

    private readonly WebApplication _app;
    private readonly Recorder _recorder;
    private volatile bool _down;

    private PegaseCentre(WebApplication app, Recorder recorder)
    {
        _app = app;
        _recorder = recorder;
    }

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>The address the hub's rules give this Pégase (<c>"channel": "pegase-soap"</c>).</summary>
    public Uri ServiceAddress => new(BaseAddress, ServicePath);

    /// <summary>Every call received, in arrival order, resends included.</summary>
    public IReadOnlyList<ReceivedCall> Received => [.. _recorder.Calls.OrderBy(c => c.Order)];

    /// <summary>Each message once (by <see cref="MessagePegase.IdentifiantMessage"/>), in the order first received: what
    /// Pégase, which recognises a resend by its id, ends up with.</summary>
    public IReadOnlyList<ReceivedCall> Distinct =>
        [.. Received.GroupBy(c => c.Message.IdentifiantMessage).Select(g => g.First()).OrderBy(c => c.Order)];

    /// <summary>While down, ServicePegase answers 503: the hub must keep its messages and retry in order.</summary>
    public void SetDown(bool down) => _down = down;

    public static async Task<PegaseCentre> StartAsync(string urls = "http://127.0.0.1:0", TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(urls);
        builder.Logging.ClearProviders();
        var recorder = new Recorder(time ?? TimeProvider.System);
        builder.Services.AddSoapCore();
        builder.Services.AddSingleton<IServicePegase>(recorder);
        var app = builder.Build();
        var centre = new PegaseCentre(app, recorder);
        app.Use(async (context, next) =>
        {
            if (centre._down && context.Request.Path.StartsWithSegments(ServicePath))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }
            await next(context);
        });
        ((IApplicationBuilder)app).UseSoapEndpoint<IServicePegase>(ServicePath, new SoapEncoderOptions(), SoapSerializer.DataContractSerializer);
        await app.StartAsync();
        return centre;
    }

    /// <summary>Reports <paramref name="fiche"/> to the hub's PegasePasserelle at <paramref name="passerelle"/>; a
    /// refusal is the <see cref="FaultException"/> the hub answered (its code the Hub Santé status).</summary>
    public static async Task<AccuseSignalement> SignalerAsync(Uri passerelle, Fiche fiche, string? token = null)
    {
        var binding = new BasicHttpBinding(passerelle.Scheme == Uri.UriSchemeHttps ? BasicHttpSecurityMode.Transport : BasicHttpSecurityMode.None);
        using var factory = new ChannelFactory<IPegasePasserelle>(binding, new EndpointAddress(passerelle));
        var client = factory.CreateChannel();
        var communication = (ICommunicationObject)client;
        try
        {
            using var scope = new OperationContextScope((IContextChannel)client);
            if (token is not null)
            {
                var headers = new System.ServiceModel.Channels.HttpRequestMessageProperty();
                headers.Headers["Authorization"] = $"Bearer {token}";
                OperationContext.Current.OutgoingMessageProperties[System.ServiceModel.Channels.HttpRequestMessageProperty.Name] = headers;
            }
            var accuse = await client.SignalerFiche(fiche);
            communication.Close();
            return accuse;
        }
        catch
        {
            communication.Abort();
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class Recorder(TimeProvider clock) : IServicePegase
    {
        private long _order;

        public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

        public Task RecevoirAccuse(Accuse accuse) => Record(nameof(RecevoirAccuse), accuse);

        public Task RecevoirReponse(Reponse reponse) => Record(nameof(RecevoirReponse), reponse);

        public Task RecevoirMoyens(Moyens moyens) => Record(nameof(RecevoirMoyens), moyens);

        private Task Record(string operation, MessagePegase message)
        {
            Calls.Enqueue(new ReceivedCall(Interlocked.Increment(ref _order), operation, message, clock.GetUtcNow()));
            return Task.CompletedTask;
        }
    }
}
