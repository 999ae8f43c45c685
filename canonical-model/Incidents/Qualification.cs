namespace MCIC2.Interop.CanonicalModel.Incidents;

/// <summary>What is happening: nature de fait, kind of place, health motive, risks and victims.</summary>
public sealed class Qualification
{
    /// <summary>Nature de fait (CISU <c>whatsHappen</c>, list <c>HubSante.fait</c>), e.g. C04.02.01 house fire.</summary>
    public CodedValue? Nature { get; set; }

    /// <summary>Kind of location (list <c>HubSante.lieu</c>).</summary>
    public CodedValue? LocationKind { get; set; }

    /// <summary>Health motive (list <c>HubSante.motif</c>).</summary>
    public CodedValue? HealthMotive { get; set; }

    /// <summary>Risks and threats (list <c>HubSante.risque</c>).</summary>
    public List<CodedValue> Risks { get; set; } = [];

    public Victims? Victims { get; set; }

    public Provenance? Provenance { get; set; }
}

/// <summary>A code from a nomenclature with the label the sender gave it.</summary>
public sealed class CodedValue
{
    public string Code { get; set; } = "";
    public string? Label { get; set; }

    /// <summary>True when the code is well formed but missing from the shipped code list (e.g. a newer
    /// three-level motive): it is kept and flagged, never dropped.</summary>
    public bool Unlisted { get; set; }
}
