using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// EMSI event texts the canonical model has no field for (the event's name, its free text) are kept as custom
/// details, so that an operator sees them and any family can carry them on; the keys say where they go back.
/// </summary>
public static class EmsiDetails
{
    public const string EventName = "EMSI.EVENT.NAME";
    public const string EventFreeText = "EMSI.EVENT.FREETEXT";

    public static bool IsEmsiField(string key) => key is EventName or EventFreeText;

    public static string? Get(Incident incident, string key) =>
        incident.CustomDetails.FirstOrDefault(d => d.Key == key)?.Value;

    public static void Set(Incident incident, string key, string? value)
    {
        incident.CustomDetails.RemoveAll(d => d.Key == key);
        if (value is null) return;
        incident.CustomDetails.Add(new CustomDetail { Key = key, Label = LabelOf(key), Value = value });
    }

    private static string LabelOf(string key) => key switch
    {
        EventName => "Nom de l'événement (EMSI)",
        EventFreeText => "Description de l'événement (EMSI)",
        _ => key,
    };
}
