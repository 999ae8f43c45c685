using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.Adapters.PegaseSoap.Format;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Adapters.PegaseSoap;

[TestClass]
public sealed class When_a_reported_fiche_is_read_by_the_pegase_format
{
    private static readonly PegaseFormat Format = new(TestClock.Provider);

    private static byte[] Received(MCIC2.Interop.Adapters.PegaseSoap.Contract.Fiche fiche) => PegaseXml.Write(new FicheRecue
    {
        Emetteur = PegaseBridge.PartnerId, RecueLe = TestClock.Now(), Destinataire = "fr.police.mcic2", Fiche = fiche,
    });

    [TestMethod]
    public void It_is_an_RC_EDA_every_CISU_partner_can_be_sent()
    {
        var message = Format.Decode(Received(PegaseBridge.Fire("35-2026-0900010")));

        Assert.AreEqual("fr.police.cic35.35-2026-0900010", message.Incident!.Identity.CaseId);
        Assert.AreEqual("Report", message.Distribution!.Kind);
        var json = CisuFormat.Json.Encode(message, "RC-EDA");
        var back = CisuFormat.Json.Decode(json);
        Assert.AreEqual("C04.00.00", back.Incident!.Qualification!.Nature!.Code);
        Assert.AreEqual("35238", back.Incident.Location!.Commune!.InseeCode);
    }

    [TestMethod]
    public void A_fiche_without_a_centre_is_refused_with_its_field()
    {
        var fiche = PegaseBridge.Fire("35-2026-0900011");
        fiche.Centre = " ";

        var refused = Assert.ThrowsExactly<MessageRejectedException>(() => Format.Decode(Received(fiche)));

        Assert.AreEqual(HubErrorCode.InsufficientData, refused.Code);
        Assert.AreEqual("fiche.Centre", refused.Problems[0].Path);
    }
}
