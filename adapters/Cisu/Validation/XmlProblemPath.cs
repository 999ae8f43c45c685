using System.Xml;
using System.Xml.Linq;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>The XML path of a problem: <c>/edxlDistribution/content/.../enumerationField (line 12, col 5)</c>, line and column of the caller's document.</summary>
internal static class XmlProblemPath
{
    public static string Of(object? node)
    {
        var element = node switch { XElement e => e, XObject o => o.Parent, _ => null };
        if (element is null) return "/";
        var path = "/" + string.Join("/", element.AncestorsAndSelf().Reverse().Select(e => e.Name.LocalName));
        if (node is XAttribute attribute) path += "/@" + attribute.Name.LocalName;
        return element.Annotation<XElement>() is IXmlLineInfo line && line.HasLineInfo()
            ? $"{path} (line {line.LineNumber}, col {line.LinePosition})"
            : path;
    }
}
