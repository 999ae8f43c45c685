using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host;

/// <summary>
/// Issue 7, points 1, 5, 7 and 8 over real HTTP: every input that answered 500 with an empty body, or an answer
/// without a code, is a refusal in the shape of all the others — <c>{code, status, problems[{code, path, message}]}</c>.
/// </summary>
[TestClass]
public sealed class When_a_partner_posts_what_the_hub_cannot_read
{
    private static HubUnderTest _hub = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => _hub = await HubUnderTest.StartAsync();

    [ClassCleanup]
    public static async Task Stop() => await _hub.DisposeAsync();

    public static IEnumerable<object[]> Hostile => HostileMessages.Names;

    private const int RequestBodyLimit = (int)MCIC2.Interop.HubHost.Http.RequestBodies.MaxBytes;

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string endpoint, HttpContent content)
    {
        using var response = await _hub.Http.PostAsync(new Uri(endpoint, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType, $"{(int)response.StatusCode} without the standard body: '{text}'");
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    /// <summary>The refusal's shape: its code and status string, and problems each with code, path and message.</summary>
    private static void AssertRefusal(JsonNode body, int code, string pathStart)
    {
        Assert.AreEqual(code, body["code"]!.GetValue<int>(), body.ToJsonString());
        Assert.IsFalse(string.IsNullOrEmpty(body["status"]!.GetValue<string>()));
        var problems = body["problems"]!.AsArray();
        Assert.IsNotEmpty(problems);
        Assert.IsTrue(problems.All(p => p!["code"] is not null && p["message"] is not null), body.ToJsonString());
        Assert.IsTrue(problems.Any(p => p!["path"]!.GetValue<string>().StartsWith(pathStart, StringComparison.Ordinal)), $"expected a problem at {pathStart}: {body.ToJsonString()}");
    }

    [TestMethod]
    [DynamicData(nameof(Hostile))]
    public async Task Each_endpoint_answers_400_with_its_code_and_path(string name)
    {
        var hostile = HostileMessages.Named(name, TestClock.Now());

        foreach (var endpoint in new[] { "/messages", "/validate", "/convert?to=json", "/convert?to=xml" })
        {
            var (status, body) = await PostAsync(endpoint, new ByteArrayContent(hostile.Body));

            Assert.AreEqual(HttpStatusCode.BadRequest, status, $"{endpoint}: {body.ToJsonString()}");
            AssertRefusal(body, (int)hostile.Code, hostile.Path);
        }
    }

    [TestMethod]
    public async Task Convert_without_its_output_is_refused_with_a_code()
    {
        var (status, body) = await PostAsync("/convert", new ByteArrayContent(Corpus.Bytes(PartnerMessages.FireCase)));

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        AssertRefusal(body, 101, "--to");
    }

    [TestMethod]
    public async Task An_unknown_path_is_answered_404_in_the_standard_shape_naming_the_path()
    {
        var (status, body) = await PostAsync("/message", new ByteArrayContent(Corpus.Bytes(PartnerMessages.FireCase)));

        Assert.AreEqual(HttpStatusCode.NotFound, status);
        AssertRefusal(body, 404, "/message");
        StringAssert.Contains(body["problems"]![0]!["message"]!.GetValue<string>(), "POST /messages");
    }

    [TestMethod]
    public async Task A_wrong_method_is_answered_405_in_the_standard_shape()
    {
        using var response = await _hub.Http.GetAsync(new Uri("/messages", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.AreEqual("application/json", response.Content.Headers.ContentType?.MediaType, $"405 without the standard body: '{text}'");
        AssertRefusal(JsonNode.Parse(text)!, 405, "/messages");
    }

    [TestMethod]
    public async Task A_chunked_body_over_the_limit_is_refused_413_in_the_standard_shape()
    {
        // No length announced (a stream that cannot seek): HttpClient sends it chunked, and the hub finds the size only by
        // reading. A megabyte over: what the hub does not read, Kestrel drains, so the client reads the answer.
        var content = new StreamContent(new UnseekableStream(new byte[RequestBodyLimit + 1024 * 1024]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var (status, body) = await PostAsync("/messages", content);

        Assert.IsNull(content.Headers.ContentLength);
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, status);
        AssertRefusal(body, 300, "$");
    }

    [TestMethod]
    public async Task A_distribution_id_of_a_megabyte_is_refused_at_its_path()
    {
        var sender = HostileMessages.Sender;
        var message = JsonNode.Parse(PartnerMessages.Bytes(PartnerMessages.FireCase, sender, $"{sender}_HUGE-1", TestClock.Now()))!;
        message["distributionID"] = $"{sender}_{new string('x', 1024 * 1024)}";

        var (status, body) = await PostAsync("/messages", new StringContent(message.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        AssertRefusal(body, 300, "$.distributionID");
    }

    [TestMethod]
    public async Task A_message_sent_days_before_the_hubs_clock_is_refused_at_its_sending_time()
    {
        var sentAt = TestClock.Now().AddDays(-3);
        var message = PartnerMessages.Message(PartnerMessages.FireCase, HostileMessages.Sender, $"{HostileMessages.Sender}_OLD-1", sentAt);
        message.Distribution!.ExpiresAt = TestClock.Now().AddDays(1);

        var (status, body) = await PostAsync("/messages", new ByteArrayContent(CisuCodec.Shared.Encode(message, CisuEncoding.Json)));

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        AssertRefusal(body, 300, "$.dateTimeSent");
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
