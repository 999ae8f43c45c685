using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MCIC2.Interop.Load.HubEx;

/// <summary>
/// Certificates for the run's HubEx users, minted from the CA the broker trusts (its directory holds <c>ca.crt</c> and
/// <c>ca.key</c>, as scripts/services/start makes them). The common name is the id the broker logs the holder in as
/// (SASL EXTERNAL, <c>ssl_cert_login_from = common_name</c>).
/// </summary>
public sealed class LoadCertificates(string caDirectory, string directory)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly X509Certificate2 _authority = X509Certificate2.CreateFromPemFile(Path.Combine(caDirectory, "ca.crt"), Path.Combine(caDirectory, "ca.key"));

    /// <summary>The CA's certificate (PEM): the hub and the clients check the broker's certificate against it.</summary>
    public string AuthorityFile { get; } = Path.Combine(caDirectory, "ca.crt");

    /// <summary>Writes a certificate and its key (PEM) for <paramref name="id"/>, valid for a day; returns the two files.</summary>
    public (string Certificate, string Key) Mint(string id)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={id}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ClientAuthentication], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // RFC 5280: a positive serial number
        var now = TimeProvider.System.GetUtcNow();
        // Never before the CA's own start, which may be only seconds ago on a fresh test broker.
        var notBefore = new DateTimeOffset(_authority.NotBefore) > now.AddHours(-1) ? new DateTimeOffset(_authority.NotBefore) : now.AddHours(-1);
        using var certificate = request.Create(_authority, notBefore, now.AddDays(1), serial);
        var files = (Path.Combine(directory, $"{id}.crt"), Path.Combine(directory, $"{id}.key"));
        Directory.CreateDirectory(directory);
        File.WriteAllText(files.Item1, certificate.ExportCertificatePem());
        File.WriteAllText(files.Item2, key.ExportPkcs8PrivateKeyPem());
        return files;
    }
}
