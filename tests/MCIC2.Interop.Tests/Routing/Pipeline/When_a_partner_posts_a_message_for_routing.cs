using System.Net;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Routing.Pipeline;

/// <summary>POST /messages: what the intake accepts (202, queued) and what it refuses at once (400, nothing queued).</summary>
[TestClass]
public sealed class When_a_partner_posts_a_message_for_routing
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private static TempDirectory _data = null!;
    private static BusUnderTest _hub = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _data = new TempDirectory();
        _hub = await BusUnderTest.StartAsync(BusUnderTest.Embedded(_data.Path), new RecordingProcessor(), Time);
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        await _hub.DisposeAsync();
        _data.Dispose();
    }

    [TestMethod]
    public async Task A_valid_enveloped_message_is_answered_202_with_its_distribution_id_and_processed()
    {
        var id = PipelineMessages.DistributionId(1, 1);

        var (status, body) = await _hub.PostAsync(PipelineMessages.CaseCreation(PipelineMessages.CaseId(1), id, sentAt: Time.GetUtcNow()));

        Assert.AreEqual(HttpStatusCode.Accepted, status, body.ToJsonString());
        Assert.IsTrue(body["accepted"]!.GetValue<bool>());
        Assert.AreEqual(id, body["distributionId"]!.GetValue<string>());
        await Poll.WaitUntil(() => _hub.Processor.Processed.Any(m => m.DistributionId == id), TimeSpan.FromSeconds(10), id);
        var processed = _hub.Processor.Processed.Single(m => m.DistributionId == id);
        Assert.AreEqual(PipelineMessages.CaseId(1), processed.IncidentKey);
        Assert.AreEqual("RC-EDA", processed.Family);
        Assert.AreEqual("fr.health.samuA", processed.SenderId);
        Assert.AreEqual(Time.GetUtcNow(), processed.ReceivedAt);
    }

    [TestMethod]
    public async Task An_XML_message_is_accepted_too()
    {
        var (status, body) = await _hub.PostAsync(PipelineMessages.CaseCreationXml(Time.GetUtcNow()), "application/xml");

        Assert.AreEqual(HttpStatusCode.Accepted, status, body.ToJsonString());
        Assert.AreEqual(PipelineMessages.DistributionIdOfXml(), body["distributionId"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task The_same_distribution_id_posted_twice_is_accepted_twice_and_left_to_the_processor_to_deduplicate()
    {
        var message = PipelineMessages.CaseCreation(PipelineMessages.CaseId(2), PipelineMessages.DistributionId(2, 1), sentAt: Time.GetUtcNow());

        var first = await _hub.PostAsync(message);
        var second = await _hub.PostAsync(message);

        Assert.AreEqual(HttpStatusCode.Accepted, first.Status);
        Assert.AreEqual(HttpStatusCode.Accepted, second.Status);
    }

    [TestMethod]
    public async Task An_invalid_message_is_answered_400_with_its_code_and_every_path()
    {
        var (status, body) = await _hub.PostAsync(File.ReadAllBytes(Corpus.FullPath(Path.Combine("sample", "failing", "EDXL-DE", "multiple-errors-in-content.json"))));

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        Assert.AreEqual(300, body["code"]!.GetValue<int>());
        Assert.AreEqual("INVALID_MESSAGE", body["status"]!.GetValue<string>());
        var problems = body["problems"]!.AsArray();
        Assert.IsGreaterThan(1, problems.Count);
        Assert.IsTrue(problems.All(p => p!["path"]!.GetValue<string>().StartsWith('$')), body.ToJsonString());
    }

    [TestMethod]
    public async Task A_message_expired_on_arrival_is_answered_400_EXPIRED_MESSAGE_BEFORE_ROUTING()
    {
        var expired = PipelineMessages.CaseCreation(PipelineMessages.CaseId(3), PipelineMessages.DistributionId(3, 1), expires: Time.GetUtcNow(), sentAt: Time.GetUtcNow().AddHours(-1));

        var (status, body) = await _hub.PostAsync(expired);

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        Assert.AreEqual(400, body["code"]!.GetValue<int>());
        Assert.AreEqual("EXPIRED_MESSAGE_BEFORE_ROUTING", body["status"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task A_bare_payload_is_refused_because_routing_needs_an_envelope()
    {
        var (status, body) = await _hub.PostAsync(PipelineMessages.BarePayload());

        Assert.AreEqual(HttpStatusCode.BadRequest, status);
        Assert.AreEqual(300, body["code"]!.GetValue<int>());
        StringAssert.Contains(body["problems"]![0]!["message"]!.GetValue<string>(), "an envelope is required to route");
    }
}
