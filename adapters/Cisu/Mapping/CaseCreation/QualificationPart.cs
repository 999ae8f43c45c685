using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;

/// <summary>RC-EDA <c>qualification</c>: nature de fait, kind of place, health motive, risks, victims.</summary>
internal static class QualificationPart
{
    public static Qualification Read(PayloadCursor c, Provenance provenance) => new()
    {
        Risks = c.Objects("riskThreat", r => Code(r, Nomenclatures.Risk)),
        Nature = c.Object("whatsHappen", r => Code(r, Nomenclatures.NatureDeFait)),
        LocationKind = c.Object("locationKind", r => Code(r, Nomenclatures.LocationKind)),
        HealthMotive = c.Object("healthMotive", r => Code(r, Nomenclatures.HealthMotive)),
        Victims = c.Object("victims", v => new Victims
        {
            Count = v.String("count"),
            MainVictim = v.String("mainVictim"),
            FreeText = v.String("freetext"),
        }),
        Provenance = provenance,
    };

    public static void Write(PayloadBuilder b, Qualification q) => b
        .Objects("riskThreat", q.Risks, WriteCode)
        .Object("whatsHappen", q.Nature, WriteCode)
        .Object("locationKind", q.LocationKind, WriteCode)
        .Object("healthMotive", q.HealthMotive, WriteCode)
        .Object("victims", q.Victims, (v, victims) => v
            .String("count", victims.Count)
            .String("mainVictim", victims.MainVictim)
            .String("freetext", victims.FreeText));

    /// <summary>A code missing from the shipped list is kept and flagged, never dropped: lists lag behind partners.</summary>
    private static CodedValue Code(PayloadCursor c, string list)
    {
        var code = c.RequiredString("code");
        return new CodedValue { Code = code, Label = c.String("label"), Unlisted = !Nomenclatures.Get(list).Contains(code) };
    }

    private static void WriteCode(PayloadBuilder b, CodedValue value) => b.String("code", value.Code).String("label", value.Label);
}
