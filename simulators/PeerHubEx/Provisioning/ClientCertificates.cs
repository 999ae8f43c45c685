using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MCIC2.Interop.Simulators.PeerHubEx.Provisioning;

/// <summary>
/// Client certificates from a throw-away CA the broker trusts (scripts/services/start's, <c>ca.crt</c> and
/// <c>ca.key</c>): one per client id, its CN — the user the broker logs it in as (SASL EXTERNAL). For the demo over a
/// real RabbitMQ and the tests; never for a real HubEx, whose certificates come from its PKI.
/// </summary>
public static class ClientCertificates
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>The CA of <paramref name="directory"/> (<c>ca.crt</c>, <c>ca.key</c>, PEM), with its private key.</summary>
    public static X509Certificate2 Authority(string directory) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(directory, "ca.crt"), Path.Combine(directory, "ca.key"));

    /// <summary>A certificate with its private key for <paramref name="clientId"/>, valid from the CA's own start (a
    /// certificate may not start before its issuer; the CA may be seconds old) to <paramref name="notAfter"/>.</summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string clientId, DateTimeOffset notAfter)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(clientId);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;    // a positive serial number, as RFC 5280 wants
        using var signed = request.Create(authority, new DateTimeOffset(authority.NotBefore), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    /// <summary>Writes a certificate and its private key as PEM files (<c>ID.crt</c>, <c>ID.key</c>) in <paramref name="directory"/>.</summary>
    public static (string CertificateFile, string KeyFile) WritePem(X509Certificate2 certificate, string directory)
    {
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        var certificateFile = Path.Combine(directory, $"{name}.crt");
        var keyFile = Path.Combine(directory, $"{name}.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (certificateFile, keyFile);
    }
}
