using System.Collections.Concurrent;
using System.ServiceModel;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.Adapters.PegaseSoap.Format;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.PartnerLinks.Channels;

namespace MCIC2.Interop.Adapters.PegaseSoap.Channel;

/// <summary>
/// The <c>pegase-soap</c> channel: calls Pégase's <see cref="IServicePegase"/> at the partner's address (an http or
/// https URL of its ServicePegase) with a System.ServiceModel client, one operation per family (RC-REF and RS-ERROR →
/// <c>RecevoirAccuse</c>, EMSI → <c>RecevoirReponse</c>, RC-RI → <c>RecevoirMoyens</c>). The call's answer decides:
/// answered, delivered; a SOAP fault, refused (<c>SOAP FAULT code</c>); no connection, no answer in time or an HTTP
/// error, try again — the delivery workers retry in order and dead-letter when out of attempts.
/// </summary>
public sealed class PegaseSoapChannel(TimeSpan timeout) : IPartnerChannel, IDisposable
{
    public const string ChannelName = "pegase-soap";
    public const string NoConnection = "SOAP NO_CONNECTION";
    public const string NoAnswer = "SOAP NO_ANSWER";

    private readonly ConcurrentDictionary<string, ChannelFactory<IServicePegase>> _factories = new(StringComparer.Ordinal);

    public string Name => ChannelName;

    public string? CheckAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? null
            : $"'{address}' is not an absolute URI (http or https) of a ServicePegase";

    public async Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        if (CheckAddress(message.Address) is { } badAddress) return new DeliveryResult(DeliveryOutcome.Refused, $"not sent: {badAddress}");
        Func<IServicePegase, Task> call;
        try
        {
            call = message.Family switch
            {
                MessageFamilies.Reference or MessageFamilies.Error => CallWith<Accuse>(message.Body, (s, a) => s.RecevoirAccuse(a)),
                MessageFamilies.Emsi => CallWith<Reponse>(message.Body, (s, r) => s.RecevoirReponse(r)),
                MessageFamilies.ResourcesInfo => CallWith<Moyens>(message.Body, (s, m) => s.RecevoirMoyens(m)),
                _ => throw new NotSupportedException($"ServicePegase has no operation for {message.Family}"),
            };
        }
        catch (Exception e) when (e is NotSupportedException or CanonicalModel.Errors.MessageRejectedException)
        {
            return new DeliveryResult(DeliveryOutcome.Refused, $"not sent: {e.Message}");
        }

        var client = FactoryFor(message.Address).CreateChannel();
        var communication = (ICommunicationObject)client;
        try
        {
            using var _ = cancellationToken.Register(communication.Abort);
            await call(client);
            communication.Close();
            return new DeliveryResult(DeliveryOutcome.Delivered, $"{message.Family} answered by {message.Address}", "SOAP 200");
        }
        catch (FaultException fault)
        {
            communication.Abort();
            return new DeliveryResult(DeliveryOutcome.Refused, $"Pégase refused it: {fault.Code?.Name} {fault.Message}", $"SOAP FAULT {fault.Code?.Name}");
        }
        catch (TimeoutException)
        {
            communication.Abort();
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"no answer from {message.Address} within {timeout.TotalSeconds:0.#} s", NoAnswer);
        }
        catch (CommunicationException e)
        {
            // No connection, an HTTP 5xx, a closed socket: Pégase may be down or restarting.
            communication.Abort();
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            return new DeliveryResult(DeliveryOutcome.TransientFailure, $"no answer from {message.Address}: {e.Message}", NoConnection);
        }
    }

    private static Func<IServicePegase, Task> CallWith<T>(byte[] body, Func<IServicePegase, T, Task> operation)
    {
        var value = PegaseXml.Read<T>(body);
        return service => operation(service, value);
    }

    private ChannelFactory<IServicePegase> FactoryFor(string address) =>
        _factories.GetOrAdd(address, a =>
        {
            var uri = new Uri(a);
            var binding = new BasicHttpBinding(uri.Scheme == Uri.UriSchemeHttps ? BasicHttpSecurityMode.Transport : BasicHttpSecurityMode.None)
            {
                SendTimeout = timeout, OpenTimeout = timeout, ReceiveTimeout = timeout, CloseTimeout = timeout,
                MaxReceivedMessageSize = PegaseXml.MaxInputBytes,
            };
            return new ChannelFactory<IServicePegase>(binding, new EndpointAddress(uri));
        });

    public void Dispose()
    {
        foreach (var factory in _factories.Values) factory.Abort();
    }
}
