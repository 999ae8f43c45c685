using System.Globalization;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.EndToEnd.HubEx;

/// <summary>The settings that make a hub under test the police HubEx on the test RabbitMQ's TLS listener, in a vhost of
/// its own, logging in with a certificate minted for its id (written, with the test CA, into a directory of the test's).</summary>
internal static class HubExHubSettings
{
    public static string[] For(string virtualHost, string hubId, string directory)
    {
        var (certificate, key) = TestCertificates.WritePem(TestCertificates.Client(hubId), directory);
        var authority = Path.Combine(directory, "ca.crt");
        File.WriteAllText(authority, TestCertificates.Authority.ExportCertificatePem());
        var tls = new Uri(TestServices.RabbitMqTlsUri);
        return
        [
            "--Hub:HubEx:Host", "127.0.0.1", "--Hub:HubEx:Port", tls.Port.ToString(CultureInfo.InvariantCulture),
            "--Hub:HubEx:ServerName", tls.Host, "--Hub:HubEx:VirtualHost", virtualHost, "--Hub:HubEx:HubId", hubId,
            "--Hub:HubEx:CertificatePem", certificate, "--Hub:HubEx:CertificateKeyPem", key, "--Hub:HubEx:CaCertificatePem", authority,
            "--Hub:HubEx:ReconnectFirstDelay", "00:00:00.200", "--Hub:HubEx:ReconnectMaxDelay", "00:00:02",
        ];
    }
}
