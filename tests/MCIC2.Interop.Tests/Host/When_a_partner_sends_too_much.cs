using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.Routing.Pipeline;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Host;

/// <summary>
/// The bounds of <c>POST /messages</c> over real HTTP (Kestrel): a body is read up to its limit and no further, and each
/// partner has its own rate limit (here a bucket of 2 refilled once a day, so the test counts and never waits), and the
/// intake stops accepting while too many accepted messages wait to be routed.
/// </summary>
[TestClass]
public sealed class When_a_partner_sends_too_much
{
    private const string Sdis = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";

    [TestMethod]
    public async Task A_chunked_body_over_the_limit_is_refused_413_with_its_code_and_not_read_to_its_end()
    {
        await using var hub = await HubUnderTest.StartAsync();
        const long total = 2 * RequestBodies.KestrelMaxBytes;

        var (response, sent) = await ChunkedUploadAsync(new Uri(hub.App.Urls.First()), total);

        StringAssert.StartsWith(response, "HTTP/1.1 413");
        StringAssert.Contains(response, "\"code\":300");
        StringAssert.Contains(response, $"larger than {RequestBodies.MaxBytes} bytes");
        Assert.IsLessThan(total, sent, "the hub stopped reading at its limit, Kestrel at its own");
    }

    [TestMethod]
    public async Task A_body_announced_over_the_limit_is_refused_413_with_its_code()
    {
        await using var hub = await HubUnderTest.StartAsync();

        var (status, body) = await PostAsync(hub, new ByteArrayContent(new byte[RequestBodies.MaxBytes + 1]));

        Assert.AreEqual((HttpStatusCode.RequestEntityTooLarge, 300), (status, body["code"]!.GetValue<int>()), body.ToJsonString());
    }

    [TestMethod]
    public async Task A_partner_over_its_rate_limit_is_answered_429_with_Retry_After_and_the_others_are_not()
    {
        await using var hub = await HubUnderTest.StartWithRulesAsync(WithTokens,
            "--Hub:Intake:RateLimit:Burst", "2", "--Hub:Intake:RateLimit:PerPeriod", "1", "--Hub:Intake:RateLimit:Period", "1.00:00:00");

        var sdis = new List<HttpStatusCode>();
        for (var i = 1; i <= 3; i++) sdis.Add((await PostAsync(hub, Case(Sdis, i), Token(Sdis))).Status);
        using var refused = await SendAsync(hub, Case(Sdis, 4), Token(Sdis));
        var refusal = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        var samu = await PostAsync(hub, Case(Samu, 1), Token(Samu));
        var anonymous = await PostAsync(hub, new ByteArrayContent("{}"u8.ToArray()), token: null);

        CollectionAssert.AreEqual(new[] { HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests }, sdis.ToArray());
        Assert.AreEqual(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.IsGreaterThanOrEqualTo(1, int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.AreEqual((429, "TOO_MANY_REQUESTS"), (refusal["code"]!.GetValue<int>(), refusal["status"]!.GetValue<string>()));
        StringAssert.Contains(refusal["problems"]![0]!["message"]!.GetValue<string>(), Sdis);
        Assert.AreEqual(HttpStatusCode.Accepted, samu.Status, "the SAMU has its own limit");
        Assert.AreEqual(HttpStatusCode.BadRequest, anonymous.Status, "a request without a token counts against its address, not against a partner");
    }

    [TestMethod]
    public async Task While_too_many_messages_wait_to_be_routed_the_intake_answers_503_with_Retry_After_until_they_are()
    {
        var processing = new HeldProcessor();
        await using var hub = await HubUnderTest.StartAsync(services => services.AddSingleton<IMessageProcessor>(processing), "--Hub:Intake:MaxBacklog", "2");
        var posted = 0;

        var full = await Poll.UntilAsync(async () => (await PostAsync(hub, Case(Sdis, ++posted))).Status == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
        using var refused = await SendAsync(hub, Case(Sdis, ++posted), token: null);
        var refusal = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        processing.Release();
        var again = await Poll.UntilAsync(async () => (await PostAsync(hub, Case(Sdis, ++posted))).Status == HttpStatusCode.Accepted, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        Assert.IsTrue(full, "the intake never said it was full");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.AreEqual("1", refused.Headers.RetryAfter!.ToString());
        Assert.IsFalse(refusal["accepted"]!.GetValue<bool>());
        StringAssert.Contains(refusal["reason"]!.GetValue<string>(), "2 or more messages waiting to be routed");
        Assert.AreEqual((503, "SERVICE_UNAVAILABLE"), (refusal["code"]!.GetValue<int>(), refusal["status"]!.GetValue<string>()), "the refusal's usual shape");
        StringAssert.Contains(refusal["problems"]![0]!["message"]!.GetValue<string>(), "waiting to be routed");
        Assert.IsTrue(again, "the intake did not open again once the messages were routed");
    }

    /// <summary>Processes nothing until released: accepted messages wait in the bus.</summary>
    private sealed class HeldProcessor : IMessageProcessor
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public Task ProcessAsync(AcceptedMessage message, CancellationToken ct) => _released.Task.WaitAsync(ct);
    }

    private static string Token(string partner) => $"{partner}-test-token";

    private static string WithTokens(string rules)
    {
        var json = JsonNode.Parse(rules)!;
        foreach (var partner in json["partners"]!.AsArray().Where(p => p!["id"]!.GetValue<string>() is Sdis or Samu))
            partner!["tokenSha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Token(partner["id"]!.GetValue<string>()))));
        return json.ToJsonString();
    }

    private static ByteArrayContent Case(string sender, int n) =>
        new(PartnerMessages.Bytes(PartnerMessages.FireCase, sender, $"{sender}_LIMIT-{n}", TestClock.Now()));

    private static async Task<HttpResponseMessage> SendAsync(HubUnderTest hub, HttpContent content, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/messages") { Content = content };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await hub.Http.SendAsync(request);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HubUnderTest hub, HttpContent content, string? token = null)
    {
        using var response = await SendAsync(hub, content, token);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>
    /// Posts a chunked body of <paramref name="total"/> bytes over a bare socket, reading the answer while sending, as
    /// curl does (HttpClient stops at the first failed write and never reads an answer that came early). Returns the
    /// answer as text and how many body bytes got sent before the hub closed the connection.
    /// </summary>
    private static async Task<(string Response, long Sent)> ChunkedUploadAsync(Uri hub, long total)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(hub.Host, hub.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /messages HTTP/1.1\r\nHost: {hub.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"));
        var sent = 0L;
        var sending = Task.Run(async () =>
        {
            var chunk = Encoding.ASCII.GetBytes($"{64 * 1024:x}\r\n").Concat(new byte[64 * 1024]).Concat("\r\n"u8.ToArray()).ToArray();
            try
            {
                for (; sent < total; sent += 64 * 1024) await stream.WriteAsync(chunk);
            }
            catch (IOException)
            {
                // The hub answered and closed the connection.
            }
        });
        var response = new MemoryStream();
        var buffer = new byte[8192];
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, bound.Token)) > 0) response.Write(buffer, 0, read);
        }
        catch (IOException)
        {
            // Reset after the answer: what arrived before stays read.
        }
        await sending;
        return (Encoding.UTF8.GetString(response.ToArray()), sent);
    }
}
