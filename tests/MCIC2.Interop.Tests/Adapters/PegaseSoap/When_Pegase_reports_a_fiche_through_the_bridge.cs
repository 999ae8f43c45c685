using System.ServiceModel;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.Adapters.Pegase.Mapping;
using MCIC2.Interop.Adapters.Pegase.Source;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.HubHost.Migration;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PartnerActors.Messages;
using MCIC2.Interop.Simulators.PegaseCentre;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Adapters.PegaseSoap;

/// <summary>The bridge test (issue 10): a Pégase centre reports a fiche over SOAP, the SDIS and SAMU receive it, and
/// what they send back arrives in Pégase's ServicePegase — across a restart of the hub and an outage of Pégase.</summary>
[TestClass]
public sealed class When_Pegase_reports_a_fiche_through_the_bridge
{
    private const string Key = "fr.police.cic35.35-2026-0900001";

    [TestMethod]
    public async Task The_SDIS_and_SAMU_receive_it_and_their_answers_reach_Pegase_across_a_restart_and_an_outage()
    {
        await using var bridge = await PegaseBridge.StartAsync();

        var accuse = await PegaseCentre.SignalerAsync(bridge.Passerelle, PegaseBridge.Fire("35-2026-0900001"));
        Assert.AreEqual(Key, accuse.ReferenceHub, "the incident is filed under the key the migration gives the same fiche");
        StringAssert.StartsWith(accuse.IdentifiantDistribution, PegaseBridge.PartnerId + "_35-2026-0900001.");

        var ledger = await WaitForPartnersAsync(bridge, l => l.Of("fr.fire.sdis35").Count == 1 && l.Of("fr.health.samu35").Count == 1);
        var atSdis = CisuCodec.Shared.Decode(ledger.Of("fr.fire.sdis35")[0].Body).Message;
        Assert.AreEqual(Key, atSdis.Incident!.Identity.CaseId);
        Assert.AreEqual("C04.00.00", atSdis.Incident.Qualification!.Nature!.Code, "Pégase's INCEND mapped to the CISU fire");
        Assert.IsNotNull(atSdis.Incident.Location!.Point, "Lambert 93 reprojected to WGS-84");
        // The hub acknowledges the fiche to Pégase (RC-REF → RecevoirAccuse).
        await WaitForPegaseAsync(bridge, c => c.Any(r => r.Message is Accuse a && a.DistributionAcquittee == accuse.IdentifiantDistribution && a.NumeroFiche == "35-2026-0900001"));

        // The hub restarts on the same store; then Pégase is down while the SDIS sends its engaged resources.
        await bridge.StopHubAsync();
        await bridge.StartHubAsync();
        bridge.Pegase.SetDown(true);
        var before = bridge.Pegase.Received.Count;
        for (var n = 1; n <= 3; n++)
        {
            var resources = PartnerMessages.Message(PartnerMessages.FireResources, "fr.fire.sdis35", $"fr.fire.sdis35_PEG-RI-{n}", TestClock.Now().AddSeconds(n), kind: n == 1 ? "Report" : "Update");
            resources.Incident!.Identity.CaseId = Key;
            var response = await bridge.Http.PostAsync(new Uri("/messages", UriKind.Relative), new ByteArrayContent(CisuCodec.Shared.Encode(resources, CisuEncoding.Json)));
            Assert.AreEqual(System.Net.HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        // The answers are acknowledged to the SDIS while Pégase still refuses them.
        await WaitForPartnersAsync(bridge, l => l.Of("fr.fire.sdis35").Count >= 4);
        Assert.AreEqual(before, bridge.Pegase.Received.Count, "nothing reaches a Pégase that is down");
        bridge.Pegase.SetDown(false);

        var moyens = (await WaitForPegaseAsync(bridge, c => c.Count(r => r.Message is Moyens) == 3)).Where(r => r.Message is Moyens).ToList();
        CollectionAssert.AreEqual(new[] { "fr.fire.sdis35_PEG-RI-1", "fr.fire.sdis35_PEG-RI-2", "fr.fire.sdis35_PEG-RI-3" },
            moyens.Select(m => m.Message.IdentifiantMessage).ToArray(), "in order, each once");
        Assert.AreEqual(3, bridge.Pegase.Received.Count(r => r.Message is Moyens), "none twice");
        var first = (Moyens)moyens[0].Message;
        Assert.AreEqual("35-2026-0900001", first.NumeroFiche);
        Assert.AreEqual("fr.fire.sdis35", first.Emetteur);
        Assert.IsNotEmpty(first.Equipages, "the engaged crews, by call sign");
    }

    [TestMethod]
    public async Task The_SDIS_acknowledgement_and_its_request_for_assistance_reach_Pegase_from_the_SDIS()
    {
        await using var bridge = await PegaseBridge.StartAsync();
        await PegaseCentre.SignalerAsync(bridge.Passerelle, PegaseBridge.Fire("35-2026-0900001"));
        var ledger = await WaitForPartnersAsync(bridge, l => l.Of("fr.fire.sdis35").Count == 1);
        var received = CisuCodec.Shared.Decode(ledger.Of("fr.fire.sdis35")[0].Body).Message.Distribution!.DistributionId;
        var sdis = new ActorMessages("fr.fire.sdis35", CisuEncoding.Json, TestClock.Provider, run: "peg");

        // The SDIS acknowledges the fiche it received, then asks the police for assistance on the same case.
        foreach (var message in new[] { sdis.Acknowledgement(received), sdis.AssistanceRequest(Key, "fr.fire.sdis35.DC-1", "securisation", PegaseBridge.PartnerId) })
        {
            var response = await bridge.Http.PostAsync(new Uri("/messages", UriKind.Relative), new ByteArrayContent(message.Body) { Headers = { { "Content-Type", message.ContentType } } });
            Assert.AreEqual(System.Net.HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var calls = await WaitForPegaseAsync(bridge, c => c.Any(r => r.Message.Emetteur == "fr.fire.sdis35" && r.Message is Accuse) && c.Any(r => r.Message is Reponse));
        var accuse = (Accuse)calls.Single(r => r.Message is Accuse && r.Message.Emetteur == "fr.fire.sdis35").Message;
        Assert.AreEqual("RecevoirAccuse", calls.Single(r => r.Message == accuse).Operation);
        Assert.IsFalse(accuse.Refus);
        Assert.AreEqual("35-2026-0900001", accuse.NumeroFiche, "Pégase learns which of its fiches the SDIS received");
        var reponse = calls.Single(r => r.Message is Reponse);
        Assert.AreEqual("RecevoirReponse", reponse.Operation);
        Assert.AreEqual("fr.fire.sdis35", reponse.Message.Emetteur);
        Assert.AreEqual("35-2026-0900001", reponse.Message.NumeroFiche);
        var demande = ((Reponse)reponse.Message).Demandes.Single();
        Assert.AreEqual("fr.fire.sdis35.DC-1", demande.Identifiant);
        StringAssert.Contains(demande.Motif ?? demande.Texte, "securisation");
    }

    [TestMethod]
    public async Task A_migrated_fiche_reported_live_updates_its_incident_instead_of_creating_one()
    {
        await using var bridge = await PegaseBridge.StartAsync();
        var store = bridge.Hub.Services.GetRequiredService<IHubStore>();
        var live = PegaseBridge.Fire("35-2026-0900002", TypeEvenement.Modification);
        // The same fiche as the migration read it from Pégase's database five minutes earlier.
        var legacy = new PegaseFiche
        {
            IdFiche = 42, PremiereFiche = 42, NumeroFiche = live.NumeroFiche, CodeCentre = "CIC35", Departement = "35",
            DateAppel = live.DateAppel, DateMaj = live.DateMaj.AddMinutes(-5), CodeNature = "INCEND", CommuneInsee = "35238", CommuneNom = "Rennes",
        };
        var migrated = FicheTarget.Of(legacy, FicheTarget.ContentHash(legacy), new FicheMapper(TestClock.Provider)).Incident!;
        migrated.Version = 1;
        await store.InTransactionAsync(async t => { await t.SaveIncidentAsync(migrated); return 0; });

        await PegaseCentre.SignalerAsync(bridge.Passerelle, live);

        await WaitForPartnersAsync(bridge, l => l.Of("fr.fire.sdis35").Count == 1);
        var incident = (await store.InTransactionAsync(t => t.FindIncidentAsync(migrated.Key)))!;
        Assert.IsGreaterThan(1L, incident.Version, "the migrated incident was updated by the live fiche");
        Assert.AreEqual("Feu de cuisine au 2e étage", incident.Incident.Notes.Last().Text);
        Assert.AreEqual("35-2026-0900002", incident.Incident.Identity.PegaseNumber);
        Assert.AreEqual(migrated.Key, CisuCodec.Shared.Decode(bridge.Partners.Ledger().Of("fr.fire.sdis35")[0].Body).Message.Incident!.Identity.CaseId,
            "the partners see the migrated incident, not a second one");
    }

    [TestMethod]
    public async Task A_bad_fiche_is_a_SOAP_fault_with_the_Hub_Sante_code_and_the_field()
    {
        await using var bridge = await PegaseBridge.StartAsync();
        var fiche = PegaseBridge.Fire("35-2026-0900003");
        fiche.DateAppel = new DateTime(1999, 1, 1);

        var fault = await Assert.ThrowsAsync<FaultException>(() => PegaseCentre.SignalerAsync(bridge.Passerelle, fiche));

        Assert.AreEqual("INVALID_MESSAGE", fault.Code.Name);
        StringAssert.Contains(fault.Message, "300 fiche.DateAppel");
        var blank = PegaseBridge.Fire("  ");
        fault = await Assert.ThrowsAsync<FaultException>(() => PegaseCentre.SignalerAsync(bridge.Passerelle, blank));
        Assert.AreEqual("INSUFFICIENT_DATA", fault.Code.Name);
        StringAssert.Contains(fault.Message, "704 fiche.NumeroFiche");
    }

    private static async Task<MCIC2.Interop.Simulators.RecordingPartner.Ledger> WaitForPartnersAsync(PegaseBridge bridge, Func<MCIC2.Interop.Simulators.RecordingPartner.Ledger, bool> done)
    {
        MCIC2.Interop.Simulators.RecordingPartner.Ledger ledger = null!;
        if (!await Poll.UntilAsync(() => done(ledger = bridge.Partners.Ledger()), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50)))
            Assert.Fail($"partners did not receive what was expected; received: {string.Join(", ", ledger.Distinct.Select(r => $"{r.PartnerId}:{r.DeliveryId}"))}; "
                + $"pegase: {string.Join(" / ", bridge.Pegase.Received.Select(c => (c.Message as Accuse)?.Motif))}; messages: {await (await bridge.Http.GetAsync(new Uri("/api/incidents/" + Key + "/messages", UriKind.Relative))).Content.ReadAsStringAsync()}; dead letters: {await bridge.Http.GetStringAsync(new Uri("/api/dead-letters", UriKind.Relative))}");
        return ledger;
    }

    private static async Task<IReadOnlyList<ReceivedCall>> WaitForPegaseAsync(PegaseBridge bridge, Func<IReadOnlyList<ReceivedCall>, bool> done)
    {
        IReadOnlyList<ReceivedCall> calls = [];
        if (!await Poll.UntilAsync(() => done(calls = bridge.Pegase.Distinct), TimeSpan.FromSeconds(45), TimeSpan.FromMilliseconds(50)))
            Assert.Fail($"Pégase did not receive what was expected; received: {string.Join(", ", calls.Select(c => $"{c.Operation}:{c.Message.IdentifiantMessage}"))}");
        return calls;
    }
}
