using System.Net;
using MCIC2.Interop.Adapters.Http;
using MCIC2.Interop.PartnerLinks.Channels;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MCIC2.Interop.Tests.Adapters.Http;

/// <summary>The partner's HTTP answer decides: delivered, try again later, or refused for good.</summary>
[TestClass]
public sealed class When_a_partner_answers_over_HTTP
{
    private static WireMockServer _partner = null!;

    [ClassInitialize]
    public static void Start(TestContext _) => _partner = WireMockServer.Start();

    [ClassCleanup]
    public static void Stop() => _partner.Stop();

    [TestInitialize]
    public void Reset() => _partner.Reset();

    private static OutgoingMessage Message(string path = "/messages") =>
        new("fr.police.cic35.msg-1.fr.fire.sdis35", "fr.fire.sdis35", _partner.Url + path, "fr.police.cic35.case-1", "RC-EDA", "Report", "application/json; charset=utf-8",
            """{"distributionID":"fr.police.cic35.msg-1.fr.fire.sdis35"}"""u8.ToArray());

    private static void Answer(int status, string body = "") =>
        _partner.Given(Request.Create().WithPath("/messages").UsingPost()).RespondWith(Response.Create().WithStatusCode(status).WithBody(body));

    [TestMethod]
    [DataRow(200, DeliveryOutcome.Delivered)]
    [DataRow(202, DeliveryOutcome.Delivered)]
    [DataRow(204, DeliveryOutcome.Delivered)]
    [DataRow(408, DeliveryOutcome.TransientFailure)]
    [DataRow(429, DeliveryOutcome.TransientFailure)]
    [DataRow(500, DeliveryOutcome.TransientFailure)]
    [DataRow(502, DeliveryOutcome.TransientFailure)]
    [DataRow(503, DeliveryOutcome.TransientFailure)]
    [DataRow(400, DeliveryOutcome.Refused)]
    [DataRow(401, DeliveryOutcome.Refused)]
    [DataRow(404, DeliveryOutcome.Refused)]
    [DataRow(409, DeliveryOutcome.Refused)]
    [DataRow(422, DeliveryOutcome.Refused)]
    public async Task The_status_decides_the_outcome(int status, DeliveryOutcome expected)
    {
        Answer(status, "partner says why");
        using var http = new HttpClient();

        var result = await new HttpPartnerChannel(http).SendAsync(Message(), CancellationToken.None);

        Assert.AreEqual(expected, result.Outcome);
        StringAssert.StartsWith(result.Detail, $"HTTP {status} ");
        Assert.AreEqual($"HTTP {status}", result.TransportCode, "the status is kept as the transport's code (failure groups of dead letters)");
    }

    [TestMethod]
    public async Task A_refusal_keeps_the_status_and_an_excerpt_of_the_answer()
    {
        Answer(422, "caseId unknown: " + new string('x', 2000));
        using var http = new HttpClient();

        var result = await new HttpPartnerChannel(http).SendAsync(Message(), CancellationToken.None);

        StringAssert.StartsWith(result.Detail, "HTTP 422 UnprocessableEntity: caseId unknown: xxx");
        Assert.IsLessThan(600, result.Detail!.Length);
    }

    [TestMethod]
    public async Task The_partner_gets_the_bytes_the_content_type_and_the_distribution_id()
    {
        Answer(202);
        using var http = new HttpClient();

        await new HttpPartnerChannel(http).SendAsync(Message(), CancellationToken.None);

        var request = _partner.LogEntries.Single().RequestMessage;
        Assert.AreEqual("""{"distributionID":"fr.police.cic35.msg-1.fr.fire.sdis35"}""", request.Body);
        Assert.AreEqual("application/json; charset=utf-8", request.Headers!["Content-Type"].Single());
        Assert.AreEqual("fr.police.cic35.msg-1.fr.fire.sdis35", request.Headers[HttpPartnerChannel.DistributionIdHeader].Single());
    }

    [TestMethod]
    public async Task A_redirect_that_would_turn_the_post_into_a_get_is_not_taken_for_a_delivery()
    {
        _partner.Given(Request.Create().WithPath("/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", _partner.Url + "/moved"));
        _partner.Given(Request.Create().WithPath("/moved")).RespondWith(Response.Create().WithStatusCode(200));
        using var http = new HttpClient();

        var result = await new HttpPartnerChannel(http).SendAsync(Message(), CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        StringAssert.Contains(result.Detail, "which made it a GET");
    }

    [TestMethod]
    public async Task A_content_type_that_cannot_be_sent_is_refused_without_calling_the_partner()
    {
        using var http = new HttpClient();

        var result = await new HttpPartnerChannel(http).SendAsync(Message() with { ContentType = "json please" }, CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.Refused, result.Outcome);
        Assert.IsEmpty(_partner.LogEntries);
    }

    [TestMethod]
    public async Task A_partner_that_does_not_answer_in_time_is_a_transient_failure()
    {
        _partner.Given(Request.Create().WithPath("/messages").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithDelay(TimeSpan.FromSeconds(2)));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(100) };

        var result = await new HttpPartnerChannel(http).SendAsync(Message(), CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.TransientFailure, result.Outcome);
        StringAssert.Contains(result.Detail, "no answer");
        Assert.AreEqual(HttpPartnerChannel.NoAnswer, result.TransportCode);
    }

    [TestMethod]
    public async Task A_partner_that_cannot_be_reached_is_a_transient_failure()
    {
        using var http = new HttpClient();
        var closedPort = new OutgoingMessage("id", "p", "http://127.0.0.1:1/messages", "i", "RC-EDA", "Report", "application/json", []);

        var result = await new HttpPartnerChannel(http).SendAsync(closedPort, CancellationToken.None);

        Assert.AreEqual(DeliveryOutcome.TransientFailure, result.Outcome);
        StringAssert.StartsWith(result.Detail, "no connection to http://127.0.0.1:1/messages");
        Assert.AreEqual(HttpPartnerChannel.NoConnection, result.TransportCode);
    }
}
