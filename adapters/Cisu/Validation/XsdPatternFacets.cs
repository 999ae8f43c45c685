using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// The pattern facets of the CISU XSDs, checked on the NonBacktracking engine: System.Xml.Schema runs patterns on the
/// backtracking engine without timeout, and the official caseId pattern <c>([a-zA-Z0-9_-]+\.?){4,10}</c> then takes
/// seconds for 28 characters. At load each <c>xs:pattern</c> moves into an <c>xs:appinfo</c> of its restriction, so
/// the XSD engine no longer runs it; after validation, <see cref="Check"/> runs it on the typed values.
/// (The OASIS supporting schemas keep theirs: they are linear and not all on strings.)
/// </summary>
internal static class XsdPatternFacets
{
    private const string AppInfoSource = "urn:mcic2:interop:xsd-pattern";
    private static readonly XNamespace Xs = XmlSchema.Namespace;
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>Returns a copy of a CISU XSD whose patterns are moved to appinfo (only on xs:string restrictions of simple types, else refused).</summary>
    public static Stream Detach(Stream xsd, string name)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        XDocument document;
        using (var reader = XmlReader.Create(xsd, settings)) document = XDocument.Load(reader);
        foreach (var pattern in document.Descendants(Xs + "pattern").ToList())
        {
            var restriction = pattern.Parent!;
            if (restriction.Parent?.Name != Xs + "simpleType" || restriction.Attribute("base")?.Value is not ("string" or "xs:string"))
                throw new NotSupportedException($"{name}: a pattern outside a simple xs:string restriction cannot be moved");
            var value = pattern.Attribute("value")!.Value;
            Regex(value); // compiled at load: a bad pattern fails here, not on a message
            var annotation = restriction.Element(Xs + "annotation");
            if (annotation is null) restriction.AddFirst(annotation = new XElement(Xs + "annotation"));
            annotation.Add(new XElement(Xs + "appinfo", new XAttribute("source", AppInfoSource), value));
            pattern.Remove();
        }
        var copy = new MemoryStream();
        document.Save(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>
    /// Checks the moved patterns in a use-case element. A second, silent validation pass types its content (the first pass
    /// reported the structural problems); it runs on the use case only because schema info on the whole EDXL-DE
    /// envelope fails in System.Xml.Linq (defaulted xlink attributes come out null).
    /// </summary>
    public static IEnumerable<Problem> Check(XElement useCase, XmlSchemaSet schemas)
    {
        if (schemas.GlobalElements[new XmlQualifiedName(useCase.Name.LocalName, useCase.Name.NamespaceName)] is not XmlSchemaElement declaration)
            yield break;
        useCase.Validate(declaration, schemas, (_, _) => { }, addSchemaInfo: true);
        foreach (var element in useCase.DescendantsAndSelf())
        {
            foreach (var failed in Failing(element.GetSchemaInfo()?.SchemaType, element.Value))
                yield return new Problem(HubErrorCode.InvalidMessage, XmlProblemPath.Of(element), $"the value '{Excerpt.Of(element.Value)}' does not match the pattern '{failed}'");
            foreach (var attribute in element.Attributes())
            {
                foreach (var failed in Failing(attribute.GetSchemaInfo()?.SchemaAttribute?.AttributeSchemaType, attribute.Value))
                    yield return new Problem(HubErrorCode.InvalidMessage, XmlProblemPath.Of(attribute), $"the value '{Excerpt.Of(attribute.Value)}' does not match the pattern '{failed}'");
            }
        }
    }

    /// <summary>XSD semantics: the patterns of one restriction are alternatives; every restriction of the derivation chain must hold.</summary>
    private static IEnumerable<string> Failing(XmlSchemaType? type, string value)
    {
        for (var simple = type as XmlSchemaSimpleType; simple is not null; simple = simple.BaseXmlSchemaType as XmlSchemaSimpleType)
        {
            var patterns = (simple.Content as XmlSchemaSimpleTypeRestriction)?.Annotation?.Items.OfType<XmlSchemaAppInfo>()
                .Where(info => info.Source == AppInfoSource)
                .Select(info => string.Concat(info.Markup?.Select(node => node?.Value) ?? []))
                .ToList() ?? [];
            if (patterns.Count > 0 && !patterns.Any(p => Regex(p).IsMatch(value))) yield return string.Join("' or '", patterns);
        }
    }

    /// <summary>XSD patterns match the whole value; \d is any Unicode digit in XSD as in .NET.</summary>
    private static Regex Regex(string pattern) =>
        Compiled.GetOrAdd(pattern, p => new Regex($"^(?:{p})\\z", RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
}
