using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace MCIC2.Interop.Tests.Support;

/// <summary>Rules edits that give a partner its HTTP credentials, as an operator writes them: the digest, never the secret.</summary>
public static class PartnerCredentials
{
    /// <summary>The rules with <paramref name="partnerId"/>'s <c>tokenSha256</c> set to <paramref name="token"/>'s.</summary>
    public static string WithToken(string rules, string partnerId, string token) =>
        With(rules, partnerId, "tokenSha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));

    /// <summary>The rules with <paramref name="partnerId"/>'s <c>certificateSha256</c> pinning <paramref name="certificate"/>.</summary>
    public static string WithCertificate(string rules, string partnerId, X509Certificate2 certificate) =>
        With(rules, partnerId, "certificateSha256", Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256)));

    private static string With(string rules, string partnerId, string key, string value)
    {
        var document = JsonNode.Parse(rules)!;
        document["partners"]!.AsArray().Single(p => (string?)p!["id"] == partnerId)![key] = value;
        return document.ToJsonString();
    }
}
