using MCIC2.Interop.Adapters.PegaseSoap.Channel;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.Adapters.PegaseSoap.Format;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PegaseCentre;
using MCIC2.Interop.Tests.Routing.Delivery;
using MCIC2.Interop.Tests.Routing.Storage;

namespace MCIC2.Interop.Tests.Adapters.PegaseSoap;

/// <summary>
/// A Pégase centre down for hours while partners answer about its fiches, in fake time: the hub's delivery worker on
/// the real <c>pegase-soap</c> channel, calling the Pégase centre simulator's ServicePegase (HTTP 503 while down), its
/// back-off, restarts and dead letters stepped by hand with the clock jumping to each wait (no sleeping).
/// </summary>
[TestClass]
public sealed class When_Pegase_is_down_for_hours
{
    private const string Pegase = "fr.police.pegase.cic35";
    private const string Key = "fr.police.cic35.35-2026-0900001";

    [TestMethod]
    public async Task The_answers_wait_in_order_through_two_hours_and_a_restart_and_each_reaches_Pegase_once()
    {
        await using var centre = await PegaseCentre.StartAsync();
        using var channel = new PegaseSoapChannel(TimeSpan.FromSeconds(5));
        await using var bench = await DeliveryBench.StartAsync(route: new DeliveryRoute(Pegase, channel, centre.ServiceAddress.ToString()));
        await bench.Database.EnqueueAsync(Answer("fr.fire.sdis35_A-1", bench), Answer("fr.fire.sdis35_A-2", bench), Answer("fr.health.samu35_A-3", bench));
        centre.SetDown(true);
        var outageEnds = bench.Time.GetUtcNow().AddHours(2);

        await bench.DrainAsync(until: () => bench.Time.GetUtcNow() >= outageEnds.AddHours(-1));
        bench.NewWorker(); // the hub restarts in the middle of the outage
        await bench.DrainAsync(until: () => bench.Time.GetUtcNow() >= outageEnds);

        var head = (await bench.Database.Outbox.NextPendingAsync(Pegase))!;
        Assert.AreEqual("fr.fire.sdis35_A-1", head.Delivery.DeliveryId, "nothing overtook the first answer");
        Assert.IsGreaterThan(100, head.Attempts, "tried all along the two hours");
        StringAssert.Contains(head.LastError, "is unavailable", "the 503 Pégase answers while down");
        Assert.AreEqual(TimeSpan.FromSeconds(60), bench.Waits.Max(), "the back-off stops growing at a minute: Pégase hears soon after it is back");
        Assert.IsEmpty(centre.Received, "a Pégase that is down receives nothing");

        centre.SetDown(false);
        await bench.DrainAsync();

        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35_A-1", "fr.fire.sdis35_A-2", "fr.health.samu35_A-3" },
            centre.Received.Select(c => c.Message.IdentifiantMessage).ToArray(), "in order, each once");
        Assert.IsEmpty(bench.Events.DeadLettered);
        Assert.IsNull(await bench.Database.Outbox.NextPendingAsync(Pegase));
    }

    [TestMethod]
    public async Task Out_of_attempts_an_answer_is_dead_lettered_with_the_SOAP_failure_and_the_next_one_goes()
    {
        await using var centre = await PegaseCentre.StartAsync();
        using var channel = new PegaseSoapChannel(TimeSpan.FromSeconds(5));
        await using var bench = await DeliveryBench.StartAsync(new DeliveryOptions { MaxAttempts = 8 }, new DeliveryRoute(Pegase, channel, centre.ServiceAddress.ToString()));
        await bench.Database.EnqueueAsync(Answer("fr.fire.sdis35_A-1", bench), Answer("fr.fire.sdis35_A-2", bench));
        centre.SetDown(true);
        await bench.DrainAsync(until: () => bench.Events.DeadLettered.Count == 1);

        centre.SetDown(false);
        await bench.DrainAsync();

        Assert.AreEqual("fr.fire.sdis35_A-1", bench.Events.DeadLettered.Single().DeliveryId);
        var dead = (await bench.Database.Outbox.OfIncidentAsync(Key)).Single(d => d.Delivery.DeliveryId == "fr.fire.sdis35_A-1");
        Assert.AreEqual(8, dead.Attempts);
        StringAssert.Contains(dead.LastError, "out of attempts (8)");
        Assert.AreEqual(PegaseSoapChannel.NoConnection, dead.TransportCode, "the operator's failure group");
        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35_A-2" }, centre.Received.Select(c => c.Message.IdentifiantMessage).ToArray());
    }

    /// <summary>A partner's RC-REF about the fiche, as the pegase format writes it for RecevoirAccuse.</summary>
    private static PendingDelivery Answer(string id, DeliveryBench bench) =>
        new(id, Pegase, Key, id, MessageFamilies.Reference, "pegase", "application/vnd.mcic2.pegase+xml", "Ack",
            PegaseXml.Write(new Accuse
            {
                IdentifiantMessage = id, NumeroFiche = "35-2026-0900001", ReferenceHub = Key, Emetteur = id.Split('_')[0],
                DateEmission = bench.Time.GetLocalNow().DateTime, DistributionAcquittee = "fr.police.pegase.cic35_35-2026-0900001.20260314T093000",
            }),
            bench.Time.GetUtcNow(), ExpiresAt: null);
}
