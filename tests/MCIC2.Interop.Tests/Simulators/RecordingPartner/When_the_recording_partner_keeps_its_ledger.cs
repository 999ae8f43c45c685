using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MCIC2.Interop.Tests.Support;
using Recorder = MCIC2.Interop.Simulators.RecordingPartner.RecordingPartner;

namespace MCIC2.Interop.Tests.Simulators.RecordingPartner;

/// <summary>
/// Issue 7, point 9: a simulator used as a test ledger must keep what it acknowledged through its own crash, and stop
/// when a service manager asks (SIGTERM) — else a reliability test could blame the hub for what the ledger lost.
/// </summary>
[TestClass]
public sealed class When_the_recording_partner_keeps_its_ledger
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task What_it_answered_200_is_back_after_a_restart_and_the_numbering_goes_on()
    {
        using var directory = new TempDirectory("mcic2-recorder-ledger-");
        var ledger = Path.Combine(directory.Path, "ledger.jsonl");
        await using (var first = await Recorder.StartAsync(ledgerFile: ledger))
        {
            foreach (var id in new[] { "d-1", "d-2", "d-1" }) Assert.AreEqual(HttpStatusCode.OK, await PostAsync(first.EndpointOf("fr.fire.sdis35"), id));
        }
        // A line a crash cut in the middle was never answered 200: it is not part of the ledger.
        await File.AppendAllTextAsync(ledger, "{\"Order\":4,\"PartnerId\":\"fr.fire.sd", TestContext.CancellationToken);

        await using var again = await Recorder.StartAsync(ledgerFile: ledger);
        Assert.AreEqual(HttpStatusCode.OK, await PostAsync(again.EndpointOf("fr.health.samu35"), "d-3"));

        var received = again.Received;
        CollectionAssert.AreEqual(new[] { "d-1", "d-2", "d-1", "d-3" }, received.Select(r => r.DeliveryId).ToArray());
        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, received.Select(r => r.Order).ToArray());
        Assert.AreEqual("body of d-2", Encoding.UTF8.GetString(received[1].Body));
        Assert.AreEqual(1, again.Ledger().Redeliveries);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Standalone_it_stops_on_SIGTERM_with_its_ledger_on_disk()
    {
        var ct = TestContext.CancellationToken;
        using var directory = new TempDirectory("mcic2-recorder-sigterm-");
        var ledger = Path.Combine(directory.Path, "ledger.jsonl");
        var url = $"http://127.0.0.1:{LoopbackPorts.Free()}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "MCIC2.Interop.Simulators.RecordingPartner.dll"), url, "--ledger", ledger])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            var endpoint = new Uri($"{url}/partners/fr.fire.sdis35");
            Assert.IsTrue(await Poll.UntilAsync(async () => await TryPostAsync(endpoint, "d-1") == HttpStatusCode.OK, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200)),
                "the standalone recording partner never answered");

            var signalled = await ProgramRun.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], ct);
            Assert.AreEqual(0, signalled.ExitCode, signalled.Stderr);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(30), ct);

            Assert.AreEqual(0, process.ExitCode, await process.StandardError.ReadToEndAsync(ct));
            StringAssert.Contains(await process.StandardOutput.ReadToEndAsync(ct), "1 deliveries received");
            StringAssert.Contains(await File.ReadAllTextAsync(ledger, ct), "\"DeliveryId\":\"d-1\"");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<HttpStatusCode> PostAsync(Uri endpoint, string deliveryId)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent($"body of {deliveryId}") };
        request.Headers.Add(Recorder.DistributionIdHeader, deliveryId);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode?> TryPostAsync(Uri endpoint, string deliveryId)
    {
        try
        {
            return await PostAsync(endpoint, deliveryId);
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

}
