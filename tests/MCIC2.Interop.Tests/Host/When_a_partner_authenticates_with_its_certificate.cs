using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host;

/// <summary>
/// <c>POST /messages</c> over HTTPS with the rules pinning the SDIS 35's client certificate (<c>certificateSha256</c>)
/// and giving the SAMU 35 a token, authentication required: the certificate makes the sender, as a token does; a
/// certificate that is nobody's or out of its validity is refused 200 SENDER_INCONSISTENCY, and tokens keep working.
/// </summary>
[TestClass]
public sealed class When_a_partner_authenticates_with_its_certificate
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string SamuToken = "samu35-test-token";

    private static readonly TempDirectory Files = new("mcic2-mtls-");
    // Dated from the hub's clock, which checks them.
    private static readonly X509Certificate2 SdisCertificate = TestCertificates.SelfSigned(Sdis, TestClock.Now().AddHours(-1), TestClock.Now().AddDays(1));
    private static X509Certificate2 s_server = null!;
    private static string[] s_https = null!;
    private static HubUnderTest s_hub = null!;

    [ClassInitialize]
    public static async Task StartTheHub(TestContext _)
    {
        // The TLS stack checks a server's certificate by the system clock.
        var now = TimeProvider.System.GetUtcNow();
        s_server = TestCertificates.SelfSigned("127.0.0.1", now.AddHours(-1), now.AddDays(1));
        var (certificate, key) = TestCertificates.WritePem(s_server, Files.Path);
        s_https = ["--urls", "https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path", certificate, "--Kestrel:Certificates:Default:KeyPath", key];
        s_hub = await HubUnderTest.StartWithRulesAsync(
            rules => PartnerCredentials.WithToken(PartnerCredentials.WithCertificate(rules, Sdis, SdisCertificate), Samu, SamuToken),
            [.. s_https, "--Hub:Intake:RequireAuthentication", "true"]);
    }

    [ClassCleanup]
    public static async Task StopTheHub()
    {
        if (s_hub is not null) await s_hub.DisposeAsync();
        Files.Dispose();
    }

    [TestMethod]
    public async Task Its_messages_are_taken_with_its_certificate_only()
    {
        var with = await PostAsync(Case(Sdis, "MTLS-1"), SdisCertificate);
        var without = await PostAsync(Case(Sdis, "MTLS-2"), certificate: null);
        var another = await PostAsync(Case(Sdis, "MTLS-3"), TestCertificates.SelfSigned(Sdis, TestClock.Now().AddHours(-1), TestClock.Now().AddDays(1)));

        Assert.AreEqual(HttpStatusCode.Accepted, with.Status, with.Body.ToJsonString());
        AssertRefused200(without, "must authenticate");
        AssertRefused200(another, "this certificate is no partner's");
    }

    [TestMethod]
    public async Task Its_certificate_does_not_let_it_send_as_another_partner()
    {
        AssertRefused200(await PostAsync(Case(Samu, "MTLS-4"), SdisCertificate), $"authenticated as '{Sdis}'");
    }

    [TestMethod]
    public async Task Its_certificate_is_refused_outside_its_validity_by_the_hubs_clock()
    {
        var expired = TestCertificates.SelfSigned(Sdis, TestClock.Now().AddDays(-2), TestClock.Now().AddDays(-1));
        await using var hub = await HubUnderTest.StartWithRulesAsync(rules => PartnerCredentials.WithCertificate(rules, Sdis, expired), s_https);

        AssertRefused200(await PostAsync(Case(Sdis, "MTLS-5"), expired, hub), "'s certificate is valid from");
    }

    [TestMethod]
    public async Task A_token_still_authenticates_its_partner_but_not_beside_another_partners_certificate()
    {
        var byToken = await PostAsync(Case(Samu, "MTLS-6"), certificate: null, token: SamuToken);
        var both = await PostAsync(Case(Samu, "MTLS-7"), SdisCertificate, token: SamuToken);

        Assert.AreEqual(HttpStatusCode.Accepted, byToken.Status, byToken.Body.ToJsonString());
        AssertRefused200(both, $"the token is '{Samu}''s but the client certificate is '{Sdis}''s");
    }

    private static byte[] Case(string sender, string id) => PartnerMessages.Bytes(PartnerMessages.FireCase, sender, $"{sender}_{id}", TestClock.Now());

    /// <summary>Posts as a partner would: its certificate (if any) in the handshake, the hub's own pinned.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(byte[] message, X509Certificate2? certificate, HubUnderTest? hub = null, string? token = null)
    {
        var serverDigest = s_server.GetCertHashString(HashAlgorithmName.SHA256);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString(HashAlgorithmName.SHA256) == serverDigest;
        if (certificate is not null)
        {
            handler.SslOptions.ClientCertificates = new X509CertificateCollection { certificate };
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }
        using var http = new HttpClient(handler);
        return await (hub ?? s_hub).PostAsPartnerAsync(message, token, http);
    }

    private static void AssertRefused200((HttpStatusCode Status, JsonNode Body) answer, string because)
    {
        Assert.AreEqual((HttpStatusCode.BadRequest, 200), (answer.Status, answer.Body["code"]!.GetValue<int>()), answer.Body.ToJsonString());
        StringAssert.Contains(answer.Body["problems"]![0]!["message"]!.GetValue<string>(), because);
    }
}
