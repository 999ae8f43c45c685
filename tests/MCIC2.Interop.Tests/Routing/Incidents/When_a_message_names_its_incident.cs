using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.Routing.Incidents;

namespace MCIC2.Interop.Tests.Routing.Incidents;

[TestClass]
public sealed class When_a_message_names_its_incident
{
    [TestMethod]
    public void RC_EDA_and_RC_RI_are_keyed_by_the_shared_case_id()
    {
        Assert.AreEqual(CaseMessages.FireCase, IncidentKeys.Of(CaseMessages.Creation()));
        Assert.AreEqual(CaseMessages.FireCase, IncidentKeys.Of(CaseMessages.Resources("02")));
    }

    [TestMethod]
    public void EMSI_is_keyed_by_its_main_event_id_else_its_case_id()
    {
        Assert.AreEqual(CaseMessages.FireCase, IncidentKeys.Of(CaseMessages.AssistanceRequest(5)));
        var withoutMainEvent = new CanonicalMessage { Family = MessageFamilies.Emsi, Incident = new Incident { Identity = { CaseId = "fr.police.cic35.X1" } } };
        Assert.AreEqual("fr.police.cic35.X1", IncidentKeys.Of(withoutMainEvent));
    }

    [TestMethod]
    [DataRow(MessageFamilies.Reference)]
    [DataRow(MessageFamilies.Error)]
    [DataRow(MessageFamilies.GeoPositions)]
    [DataRow(MessageFamilies.GeoRequest)]
    [DataRow(MessageFamilies.GeoResources)]
    public void Messages_about_other_messages_or_positions_have_no_key(string family) =>
        Assert.IsNull(IncidentKeys.Of(new CanonicalMessage { Family = family, Incident = new Incident { Identity = { CaseId = "x" } } }));
}
