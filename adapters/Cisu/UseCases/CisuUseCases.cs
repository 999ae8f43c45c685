namespace MCIC2.Interop.Adapters.Cisu;

/// <summary>
/// A CISU use case: the name of its root object (JSON key / XML element), its family (the schema name, e.g. RC-EDA), its XSD namespace, and
/// whether the message carrying it in an EDXL-DE envelope must also be a full RC-DE header (false for the four
/// technical/error alternatives, which the schemas accept without header).
/// </summary>
public sealed record CisuUseCase(string RootKey, string Family, string XmlNamespace, bool HasHeader = true)
{
    public string JsonSchemaFile => Family + ".schema.json";

    public string XsdFile => Family + ".xsd";
}

/// <summary>
/// The use cases of the official schemas, as listed by the <c>EmbeddedJsonContent</c> oneOf of
/// <c>EDXL-DE-full.schema.json</c> and the <c>message</c> choices of <c>RC-XML-ContentType.xsd</c>.
/// </summary>
public static class CisuUseCases
{
    public const string HeaderSchema = "RC-DE";

    /// <summary>The namespace of the RC-DE header (<c>message</c>) and of <c>customContent</c> in the XSDs.</summary>
    public const string RcDeNamespace = "urn:emergency:eda:1.9";

    public static IReadOnlyList<CisuUseCase> All { get; } =
    [
        new("technical", "TECHNICAL", "urn:emergency:eda:1.9:technical"),
        new("technicalNoreq", "TECHNICAL_NOREQ", "urn:emergency:eda:1.9:technicalNoreq", HasHeader: false),
        new("distributionElement", "RC-DE", RcDeNamespace, HasHeader: false),
        new("createCase", "RC-EDA", "urn:emergency:eda:1.9:createCase"),
        new("createCaseHealth", "RS-EDA", "urn:emergency:eda:1.9:createCaseHealth"),
        new("createCaseHealthUpdate", "RS-EDA-MAJ", "urn:emergency:eda:1.9:createCaseHealthUpdate"),
        new("reference", "RC-REF", "urn:emergency:eda:1.9:reference"),
        new("emsi", "EMSI", "urn:emergency:eda:1.9:emsi"),
        new("resourcesInfo", "RS-RI", "urn:emergency:eda:1.9:resourcesinfo"),
        new("resourcesInfoCisu", "RC-RI", "urn:emergency:eda:1.9:resourcesinfocisu"),
        new("resourcesEngagement", "RS-ER", "urn:emergency:eda:1.9:resourcesengagement"),
        new("resourcesStatus", "RS-SR", "urn:emergency:eda:1.9:resourcesstatus"),
        new("resourcesRequest", "RS-DR", "urn:emergency:eda:1.9:resourcesrequest"),
        new("resourcesResponse", "RS-RR", "urn:emergency:eda:1.9:resourcesresponse"),
        new("rpis", "RS-RPIS", "urn:emergency:eda:1.9:rpis"),
        new("interventionReport", "RS-BPV", "urn:emergency:eda:1.9:interventionreport"),
        new("documentLink", "RS-URL", "urn:emergency:eda:1.9:documentlink"),
        new("geoPositionsUpdate", "GEO-POS", "urn:emergency:eda:1.9:geopositionsupdate"),
        new("geoResourcesRequest", "GEO-REQ", "urn:emergency:eda:1.9:georesourcesrequest"),
        new("geoResourcesDetails", "GEO-RES", "urn:emergency:eda:1.9:georesourcesdetails"),
        new("appointment", "RS-SAS-RDV", "urn:emergency:eda:1.9:appointment"),
        new("customContent", "customContent", RcDeNamespace, HasHeader: false),
        new("error", "RS-ERROR", "urn:emergency:eda:1.9:error", HasHeader: false),
    ];

    private static readonly Dictionary<string, CisuUseCase> ByRoot = All.ToDictionary(u => u.RootKey, StringComparer.Ordinal);

    private static readonly Dictionary<string, CisuUseCase> BySchema = All.ToDictionary(u => u.Family, StringComparer.Ordinal);

    /// <summary>The use case whose root object is named <paramref name="rootKey"/> (e.g. <c>createCase</c> → RC-EDA).</summary>
    public static CisuUseCase? ByRootKey(string rootKey) => ByRoot.GetValueOrDefault(rootKey);

    /// <summary>The use case of a schema, by name (<c>RC-EDA</c>) or file (<c>RC-EDA.schema.json</c>, <c>RC-EDA.xsd</c>).</summary>
    public static CisuUseCase? ByFamily(string schema) =>
        BySchema.GetValueOrDefault(schema.Replace(".schema.json", "", StringComparison.Ordinal).Replace(".xsd", "", StringComparison.Ordinal));
}
