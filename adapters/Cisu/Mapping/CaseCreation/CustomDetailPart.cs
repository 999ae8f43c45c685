using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;

/// <summary>RC-EDA <c>additionalInformation.customMap</c>: key/value details the model has no field for.</summary>
internal static class CustomDetailPart
{
    public static CustomDetail Read(PayloadCursor c) => new()
    {
        Key = c.RequiredString("key"),
        Label = c.String("label"),
        Value = c.RequiredString("value"),
        FreeText = c.String("freetext"),
    };

    public static void Write(PayloadBuilder b, CustomDetail d) =>
        b.String("key", d.Key).String("label", d.Label).String("value", d.Value).String("freetext", d.FreeText);
}
