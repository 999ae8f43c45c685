namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>A CISU use case: its family name, the key of its object (JSON property, XML element),
/// its JSON schema file (embedded as <c>json-schema/&lt;file&gt;</c>) and its XSD target namespace.</summary>
public sealed record CisuUseCase(string Family, string RootKey, string SchemaFile, string XmlNamespace);

/// <summary>Every use case the shipped schemas define (the EDXL-DE envelope and the RC-DE header are not use cases).</summary>
public static class CisuUseCases
{
    public static IReadOnlyList<CisuUseCase> All { get; } =
    [
        new("RC-EDA", "createCase", "RC-EDA.schema.json", "urn:emergency:eda:1.9:createCase"),
        new("RC-RI", "resourcesInfoCisu", "RC-RI.schema.json", "urn:emergency:eda:1.9:resourcesinfocisu"),
        new("RC-REF", "reference", "RC-REF.schema.json", "urn:emergency:eda:1.9:reference"),
        new("EMSI", "emsi", "EMSI.schema.json", "urn:emergency:eda:1.9:emsi"),
        new("RS-ERROR", "error", "RS-ERROR.schema.json", "urn:emergency:eda:1.9:error"),
        new("GEO-POS", "geoPositionsUpdate", "GEO-POS.schema.json", "urn:emergency:eda:1.9:geopositionsupdate"),
        new("GEO-REQ", "geoResourcesRequest", "GEO-REQ.schema.json", "urn:emergency:eda:1.9:georesourcesrequest"),
        new("GEO-RES", "geoResourcesDetails", "GEO-RES.schema.json", "urn:emergency:eda:1.9:georesourcesdetails"),
        new("RS-BPV", "interventionReport", "RS-BPV.schema.json", "urn:emergency:eda:1.9:interventionreport"),
        new("RS-DR", "resourcesRequest", "RS-DR.schema.json", "urn:emergency:eda:1.9:resourcesrequest"),
        new("RS-EDA", "createCaseHealth", "RS-EDA.schema.json", "urn:emergency:eda:1.9:createCaseHealth"),
        new("RS-EDA-MAJ", "createCaseHealthUpdate", "RS-EDA-MAJ.schema.json", "urn:emergency:eda:1.9:createCaseHealthUpdate"),
        new("RS-ER", "resourcesEngagement", "RS-ER.schema.json", "urn:emergency:eda:1.9:resourcesengagement"),
        new("RS-RI", "resourcesInfo", "RS-RI.schema.json", "urn:emergency:eda:1.9:resourcesinfo"),
        new("RS-RPIS", "rpis", "RS-RPIS.schema.json", "urn:emergency:eda:1.9:rpis"),
        new("RS-RR", "resourcesResponse", "RS-RR.schema.json", "urn:emergency:eda:1.9:resourcesresponse"),
        new("RS-SAS-RDV", "appointment", "RS-SAS-RDV.schema.json", "urn:emergency:eda:1.9:appointment"),
        new("RS-SR", "resourcesStatus", "RS-SR.schema.json", "urn:emergency:eda:1.9:resourcesstatus"),
        new("RS-URL", "documentLink", "RS-URL.schema.json", "urn:emergency:eda:1.9:documentlink"),
        new("TECHNICAL", "technical", "TECHNICAL.schema.json", "urn:emergency:eda:1.9:technical"),
        new("TECHNICAL_NOREQ", "technicalNoreq", "TECHNICAL_NOREQ.schema.json", "urn:emergency:eda:1.9:technicalNoreq"),
        new("CUSTOM", "customContent", "customContent.schema.json", "urn:emergency:eda:1.9"),
    ];

    public static CisuUseCase? ByRootKey(string rootKey) => All.FirstOrDefault(u => u.RootKey == rootKey);

    public static CisuUseCase? ByFamily(string family) => All.FirstOrDefault(u => u.Family == family);
}
