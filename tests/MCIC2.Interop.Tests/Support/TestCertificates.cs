using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;

namespace MCIC2.Interop.Tests.Support;

/// <summary>
/// Certificates from the throw-away CA that scripts/services/start makes (<c>MCIC2_TEST_RABBITMQ_CA</c>): a client
/// certificate for any client id, minted in memory, whose common name is the id -- the user the broker logs it in as
/// (SASL EXTERNAL); and self-signed certificates, which need no CA. Nothing secret is committed: the CA lives in the
/// services directory.
/// </summary>
public static class TestCertificates
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Lazy<X509Certificate2> LazyAuthority = new(() => ClientCertificates.Authority(TestServices.RabbitMqCaDirectory));

    /// <summary>The test CA's certificate, with its private key.</summary>
    public static X509Certificate2 Authority => LazyAuthority.Value;

    /// <summary>
    /// A client certificate, with its private key, for <paramref name="clientId"/> (its CN). Valid from the CA's own
    /// start (a certificate may not start before its issuer; the CA may be seconds old) to a day ahead by the system
    /// clock, the one the broker checks it against.
    /// </summary>
    public static X509Certificate2 Client(string clientId) =>
        ClientCertificates.Issue(Authority, clientId, TimeProvider.System.GetUtcNow().AddDays(1));

    /// <summary>
    /// A self-signed certificate, with its private key, for <paramref name="commonName"/>, usable by a client or a
    /// server (a partner's certificate the hub pins by its digest, a test HTTPS server's), valid over the given span.
    /// Needs no CA: nothing of the test services.
    /// </summary>
    public static X509Certificate2 SelfSigned(string commonName, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(commonName);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication, ServerAuthentication], false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Writes a certificate and its private key as PEM files, for clients that read files (pika, openssl).</summary>
    public static (string CertificateFile, string KeyFile) WritePem(X509Certificate2 certificate, string directory) =>
        ClientCertificates.WritePem(certificate, directory);

    /// <summary>
    /// Accepts a server certificate that chains to the test CA and matches the host name; the CA is trusted for this
    /// check only, never installed in the machine's store. Fits <see cref="RemoteCertificateValidationCallback"/>.
    /// </summary>
    public static bool IsFromTheTestAuthority(object sender, X509Certificate? certificate, X509Chain? machineChain, SslPolicyErrors errors)
    {
        // The machine's chain fails on our unknown root, checked below against the CA; a name mismatch stays an error.
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
