using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace MCIC2.Interop.Simulators.PeerHubEx;

/// <summary>
/// Where the HubEx's RabbitMQ is and how the dispatcher logs in: <c>amqps://host:port</c> (the vhost comes from the
/// force's settings), the CA that signed the broker's certificate (trusted for this connection only), and the
/// certificate and key (PEM) of the HubEx's own id, its CN — SASL EXTERNAL, as its clients log in. With
/// <paramref name="RabbitMqCtl"/> the simulator can also import its definitions and cut links (outages).
/// </summary>
public sealed record PeerHubExConnection(Uri Broker, string CaCertificateFile, string CertificateFile, string KeyFile, string? RabbitMqCtl = null)
{
    public ConnectionFactory Factory(string virtualHost, string clientName)
    {
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificateFile));
        var factory = new ConnectionFactory
        {
            HostName = Broker.Host,
            Port = Broker.IsDefaultPort ? 5671 : Broker.Port,
            VirtualHost = virtualHost,
            ClientProvidedName = clientName,
            AuthMechanisms = [new ExternalMechanismFactory()],
        };
        factory.Ssl.Enabled = true;
        factory.Ssl.ServerName = Broker.Host;
        factory.Ssl.Version = SslProtocols.Tls12;
        factory.Ssl.Certs = [X509Certificate2.CreateFromPemFile(CertificateFile, KeyFile)];
        factory.Ssl.CertificateValidationCallback = (_, certificate, _, errors) => IssuedBy(authority, certificate, errors);
        return factory;
    }

    private static bool IssuedBy(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors)
    {
        // The machine does not know the CA (a chain error, checked below against it); a name mismatch stays an error.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
