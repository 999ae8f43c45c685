using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

[TestClass]
public sealed class When_an_assistance_mission_name_is_parsed
{
    [TestMethod]
    public void A_request_name_gives_its_reason_and_requested_code()
    {
        var name = AssistanceMissionName.Parse("#DEMANDE_CONCOURS#CARENCE#Z.01.00.00#");

        Assert.AreEqual(new AssistanceRequestName("CARENCE", "Z.01.00.00"), name);
    }

    [TestMethod]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#ACCEPTE#", AssistanceAnswerKind.Accepted, null)]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#REFUS#PAS_DE_MOYEN#", AssistanceAnswerKind.Refused, "PAS_DE_MOYEN")]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#PARTIELLE#", AssistanceAnswerKind.Partial, null)]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#DIVERGENTE#AUTRE_MOYEN#", AssistanceAnswerKind.Divergent, "AUTRE_MOYEN")]
    public void An_answer_name_gives_its_kind_and_reason(string text, AssistanceAnswerKind kind, string? reason)
    {
        Assert.AreEqual(new AssistanceAnswerName(kind, reason), AssistanceMissionName.Parse(text));
    }

    [TestMethod]
    [DataRow("#DEMANDE_CONCOURS#CARENCE#Z.01.00.00#")]
    [DataRow("#DEMANDE_CONCOURS#CARENCE#")]
    [DataRow("#DEMANDE_CONCOURS##Z.01.00.00#")]
    [DataRow("#DEMANDE_CONCOURS#CARENCE#Z.01.00.00#EXTRA#")]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#REFUS#PAS_DE_MOYEN#")]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#ACCEPTE#")]
    public void Formatting_gives_the_name_back(string text)
    {
        Assert.AreEqual(text, AssistanceMissionName.Parse(text)!.Format());
    }

    [TestMethod]
    [DataRow("#MISSION#")]
    [DataRow("#OPERATION_GLOBALE#")]
    [DataRow("#REPONSE_DEMANDE_CONCOURS#PEUT_ETRE#")]
    [DataRow("DEMANDE_CONCOURS")]
    [DataRow("")]
    [DataRow(null)]
    public void Other_names_are_not_assistance(string? text)
    {
        Assert.IsNull(AssistanceMissionName.Parse(text));
    }
}
