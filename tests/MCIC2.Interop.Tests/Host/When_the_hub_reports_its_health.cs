using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Host;

/// <summary><c>/health/live</c> and <c>/health/ready</c> of a hub host on the embedded store, over real HTTP.</summary>
[TestClass]
public sealed class When_the_hub_reports_its_health
{
    [TestMethod]
    public async Task A_hub_with_its_store_and_bus_up_is_live_and_ready_with_each_check_named()
    {
        await using var hub = await HubUnderTest.StartAsync();

        using var live = await hub.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode);

        var (status, body) = await ReadyAsync(hub);
        Assert.AreEqual(HttpStatusCode.OK, status, body.ToJsonString());
        Assert.AreEqual("Healthy", body["status"]!.GetValue<string>());
        CollectionAssert.AreEquivalent(new[] { "store", "bus", "links" }, Checks(body).Keys.ToArray());
        Assert.AreEqual("no AMQP link configured", Checks(body)["links"]["description"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Ready_is_503_naming_the_peer_link_that_is_down_while_live_stays_200()
    {
        using var files = new TempDirectory("mcic2-health-");
        var (certificate, key) = TestCertificates.WritePem(
            TestCertificates.SelfSigned("fr.police.mcic2", TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddDays(1)), files.Path);
        const string peer = "--Hub:Peers:hubsante:";
        // Nothing listens on that port: the link never connects.
        await using var hub = await HubUnderTest.StartAsync(null,
            $"{peer}Host", "127.0.0.1", $"{peer}Port", LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            $"{peer}CertificatePem", certificate, $"{peer}CertificateKeyPem", key, $"{peer}Serves:0", "fr.health.*",
            $"{peer}ReconnectFirstDelay", "00:00:00.200", $"{peer}ReconnectMaxDelay", "00:00:01");

        var (status, body) = await ReadyAsync(hub);

        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, status, body.ToJsonString());
        var links = Checks(body)["links"];
        Assert.AreEqual("Unhealthy", links["status"]!.GetValue<string>());
        Assert.AreEqual("not connected: hubsante", links["description"]!.GetValue<string>());
        StringAssert.StartsWith(links["data"]!["hubsante"]!.GetValue<string>(), "down");
        Assert.AreEqual("Healthy", Checks(body)["store"]["status"]!.GetValue<string>(), "only the link failed");
        Assert.AreEqual("Healthy", Checks(body)["bus"]["status"]!.GetValue<string>());
        using var live = await hub.Http.GetAsync(new Uri("/health/live", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, live.StatusCode, "the process answers");
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync(HubUnderTest hub)
    {
        using var response = await hub.Http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static Dictionary<string, JsonNode> Checks(JsonNode body) =>
        body["checks"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!);
}
