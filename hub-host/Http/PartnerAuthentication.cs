using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Routing.Partners;
using MCIC2.Interop.Routing.Pipeline;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// Who a request to <c>POST /messages</c> comes from: the partner whose client certificate it presented over HTTPS
/// (the rules pin each one by its SHA-256, <c>certificateSha256</c>) or whose bearer token it bears (<c>tokenSha256</c>);
/// null when it presents neither. A credential that is nobody's, a certificate outside its validity by the hub's
/// clock, or a certificate and a token of two partners are refused as the sender not being who it says (200).
/// </summary>
public static class PartnerAuthentication
{
    private const string BearerPrefix = "Bearer ";
    private const string CertificateLocation = "TLS client certificate";

    public static string? SenderOf(HttpRequest request, IKnownSenders senders, TimeProvider clock)
    {
        var byCertificate = request.HttpContext.Connection.ClientCertificate is { } certificate ? OwnerOf(certificate, senders, clock) : null;
        var byToken = OwnerOfToken(request.Headers.Authorization.ToString(), senders);
        if (byCertificate is not null && byToken is not null && !PartnerDirectory.SameId(byCertificate, byToken))
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "Authorization", $"the token is '{byToken}''s but the client certificate is '{byCertificate}''s");
        return byCertificate ?? byToken;
    }

    /// <summary>The certificate is trusted for being the one the rules pin, whoever issued it (partners' authorities
    /// differ; a self-signed one will do): the handshake takes any, and this decides.</summary>
    private static string OwnerOf(X509Certificate2 certificate, IKnownSenders senders, TimeProvider clock)
    {
        var owner = senders.WithCertificateSha256(Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256)))
            ?? throw new MessageRejectedException(HubErrorCode.SenderInconsistency, CertificateLocation, "this certificate is no partner's");
        var now = clock.GetUtcNow();
        if (now < new DateTimeOffset(certificate.NotBefore) || now > new DateTimeOffset(certificate.NotAfter))
        {
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, CertificateLocation,
                $"{owner.Id}'s certificate is valid from {certificate.NotBefore.ToUniversalTime():O} to {certificate.NotAfter.ToUniversalTime():O}, not at {now:O}");
        }
        return owner.Id;
    }

    private static string? OwnerOfToken(string authorization, IKnownSenders senders)
    {
        if (authorization.Length == 0) return null;
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "Authorization", "only bearer tokens authenticate a partner here");
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(authorization[BearerPrefix.Length..].Trim())));
        return senders.WithTokenSha256(digest)?.Id
            ?? throw new MessageRejectedException(HubErrorCode.SenderInconsistency, "Authorization", "this token is no partner's");
    }
}
