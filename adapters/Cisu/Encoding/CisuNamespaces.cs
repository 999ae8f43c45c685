namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>The XML namespaces of a CISU message.</summary>
internal static class CisuNamespaces
{
    public const string Edxl = "urn:oasis:names:tc:emergency:EDXL:DE:2.0";
    public const string Xlink = "http://www.w3.org/1999/xlink";
    public const string EdxlCommonTypes = "urn:oasis:names:tc:emergency:edxl:ct:1.0";

    /// <summary>RC-DE, hence <c>message</c>, per the XSD.</summary>
    public const string RcDe = "urn:emergency:eda:1.9";

    /// <summary>The namespace the Hub Santé samples put <c>message</c> and the use case in.</summary>
    public const string Cisu3 = "urn:emergency:cisu:3.0";

    public static bool IsAcceptedForMessage(string ns) => ns is RcDe or Cisu3;

    /// <summary>The XSD namespace of the use case, the RC-DE one, or the CISU 3.0 one (alone or suffixed with the use case,
    /// as in the RS-EDA sample <c>urn:emergency:cisu:3.0:createCaseHealth</c>).</summary>
    public static bool IsAcceptedForUseCase(string ns, CisuUseCase useCase) =>
        ns == useCase.XmlNamespace || IsAcceptedForMessage(ns)
        || ns == Cisu3 + useCase.XmlNamespace[RcDe.Length..];
}
