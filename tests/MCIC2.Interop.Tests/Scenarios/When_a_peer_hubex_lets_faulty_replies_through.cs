using System.Net.Http.Json;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Simulators.PeerHubEx.Faults;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MCIC2.Interop.Tests.Scenarios;

/// <summary>
/// A faulty Hub Santé (the peer HubEx simulator's injected replies, <see cref="FaultyReplies"/>) puts in the hub's
/// queue there what its dispatcher should have refused: bytes that are not well-formed (102, on the link's health: no
/// sender to answer), a SAMU message against the schema (RS-ERROR 300 back to it), a SAMU message expired on arrival
/// (an RS-ERROR 400 back to the SAMU through the link). The hub stores none, acknowledges each (nothing stays in its
/// queue), and the link keeps working: a SAMU case after them gets its RC-REF.
/// </summary>
[TestClass]
public sealed class When_a_peer_hubex_lets_faulty_replies_through
{
    private const string Samu35 = "fr.health.samu35";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static PeerForces s_forces = null!;
    private static HubUnderTest s_hub = null!;
    private static PeerHubExActorTransport s_samu = null!;
    private static FakeTimeProvider s_clock = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartTheHub(TestContext context)
    {
        var ct = context.CancellationToken;
        s_clock = new FakeTimeProvider(TestClock.Now());
        s_forces = await PeerForces.StartAsync(s_clock, ct);
        s_hub = await HubUnderTest.StartWithRulesAsync(PeerForces.OverPeers, s_forces.HubSettings());
        s_forces.Hub = s_hub;
        foreach (var link in PeerForces.Names) await s_forces.UntilSeenAsync(link, connected: true, ct);
        s_samu = await PeerHubExActorTransport.StartAsync(s_forces.Logins([Samu35]), ct);
    }

    [ClassCleanup]
    public static async Task StopTheHub()
    {
        if (s_samu is not null) await s_samu.DisposeAsync();
        if (s_hub is not null) await s_hub.DisposeAsync();
        if (s_forces is not null) await s_forces.DisposeAsync();
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task Bytes_that_are_not_well_formed_are_refused_on_the_links_health_acknowledged_and_the_link_keeps_working()
    {
        var ct = TestContext.CancellationToken;

        await Inject(FaultyReplies.Malformed, "application/xml", $"malformed-{Guid.NewGuid():N}", ct);

        Assert.IsTrue(await Poll.UntilAsync(async () => (await HealthLinkAsync(ct)).LastRefusal?.Contains("truncated", StringComparison.Ordinal) == true
            || (await HealthLinkAsync(ct)).LastRefusal?.StartsWith("102", StringComparison.Ordinal) == true, Wait), $"refused: {(await HealthLinkAsync(ct)).LastRefusal}");
        StringAssert.StartsWith((await HealthLinkAsync(ct)).LastRefusal, "102 UNRECOGNIZED_MESSAGE_FORMAT");
        await TheLinkKeepsWorkingAsync(ct);
        Assert.AreEqual(0u, await s_forces.HubQueueCountAsync("health", RecipientQueue.Message, ct), "acknowledged: nothing left in the hub's queue");
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task A_SAMU_message_against_the_schema_gets_an_RS_ERROR_300_back_through_the_link_is_acknowledged_and_not_stored()
    {
        var ct = TestContext.CancellationToken;
        var distributionId = $"{Samu35}_schema-{Guid.NewGuid():N}";

        await Inject(FaultyReplies.WithoutField(SamuCase(distributionId), "caseId"), "application/json", distributionId, ct);

        var error = await ErrorAboutAsync(distributionId, ct);
        Assert.AreEqual(300, error.StatusCode, error.Cause);
        StringAssert.Contains(error.Cause, "caseId");
        Assert.IsTrue(await Poll.UntilAsync(async () => (await HealthLinkAsync(ct)).LastRefusal?.StartsWith("300 INVALID_MESSAGE", StringComparison.Ordinal) == true, Wait),
            $"refused: {(await HealthLinkAsync(ct)).LastRefusal}");
        await TheLinkKeepsWorkingAsync(ct);
        Assert.IsNull(await FindReceivedAsync(distributionId), "not stored");
        Assert.AreEqual(0u, await s_forces.HubQueueCountAsync("health", RecipientQueue.Message, ct), "acknowledged: nothing left in the hub's queue");
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task A_SAMU_message_expired_on_arrival_gets_an_RS_ERROR_400_back_through_the_link_and_is_not_stored()
    {
        var ct = TestContext.CancellationToken;
        var distributionId = $"{Samu35}_expired-{Guid.NewGuid():N}";

        await Inject(FaultyReplies.Expired(SamuCase(distributionId), TestClock.Now(), TimeSpan.FromHours(1)), "application/json", distributionId, ct);

        var error = await ErrorAboutAsync(distributionId, ct);
        Assert.AreEqual(400, error.StatusCode, error.Cause);
        Assert.IsNull(await FindReceivedAsync(distributionId), "not stored");
        await TheLinkKeepsWorkingAsync(ct);
    }

    private static Task Inject(byte[] body, string contentType, string messageId, CancellationToken ct) =>
        s_forces.Simulator("health").InjectAsync(s_forces.HubClientId, RecipientQueue.Message, body, contentType, messageId);

    private static CanonicalMessage SamuCase(string distributionId)
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, Samu35, distributionId, TestClock.Now(), addressedTo: ActorMessages.HubId);
        message.Incident!.Identity.CaseId = $"{Samu35}.faulty-{Guid.NewGuid():N}";
        return message;
    }

    /// <summary>A valid case from the SAMU, through Hub Santé's dispatcher: stored once, its RC-REF back on the SAMU's <c>.ack</c>.</summary>
    private static async Task TheLinkKeepsWorkingAsync(CancellationToken ct)
    {
        var writer = new ActorMessages(Samu35, CisuEncoding.Json, s_clock, Guid.NewGuid().ToString("N")[..8]);
        var spec = new CaseSpec($"faulty-{Guid.NewGuid():N}"[..14], "C04.02.01", "Incendie", "35238", "Rennes", "1", "Fumée dans une maison");
        var sent = writer.Case(spec, spec.CaseId(Samu35, "faults"));
        Assert.IsNull(await s_samu.SendAsync(sent, ct), "confirmed by Hub Santé");
        Assert.IsTrue(await Poll.UntilAsync(() => Task.FromResult(Decoded().Any(m => m.Acknowledgement?.AcknowledgedDistributionId == sent.DistributionId)), Wait),
            "the hub's RC-REF reached the SAMU through the link");
        Assert.IsNotNull(await FindReceivedAsync(sent.DistributionId), "stored");
    }

    private static async Task<ErrorReport> ErrorAboutAsync(string distributionId, CancellationToken ct)
    {
        ErrorReport? error = null;
        await Poll.UntilAsync(() => Task.FromResult((error = Decoded().Select(m => m.Error).FirstOrDefault(e => e?.ReferencedDistributionId == distributionId)) is not null), Wait);
        Assert.IsNotNull(error, $"no RS-ERROR about {distributionId} on the SAMU's .info; the link's last refusal: {(await HealthLinkAsync(ct)).LastRefusal}; "
            + $"last problem: {(await HealthLinkAsync(ct)).LastProblem}; Hub Santé's failures: {string.Join("; ", s_forces.Simulator("health").Failures.Select(f => f.Message))}");
        return error;
    }

    private static IEnumerable<CanonicalMessage> Decoded() => s_samu.Received.Select(r => CisuCodec.Shared.Decode(r.Body).Message);

    private static Task<ReceivedMessage?> FindReceivedAsync(string distributionId) =>
        s_hub.App.Services.GetRequiredService<IHubStore>().InTransactionAsync(tx => tx.FindReceivedAsync(distributionId));

    private static async Task<LinkReport> HealthLinkAsync(CancellationToken ct) =>
        (await s_hub.Http.GetFromJsonAsync<LinkReport[]>("/health/links", ct) ?? []).Single(r => r.Link == "health");
}
