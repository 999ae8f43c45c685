using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// Validates CISU XML messages (full EDXL-DE or bare use-case payloads) against the official XSDs embedded in this
/// assembly. The caller loads the XML (safely, DTDs off); this class never reads files or the network.
/// </summary>
public sealed class XsdValidator
{
    public const string EnvelopeXsd = "EDXL-DE-full.xsd";

    /// <summary>The envelope XSD for messages whose use case comes without RC-DE header (technicalNoreq, error...).</summary>
    public const string NoHeaderEnvelopeXsd = "EDXL-DE-full-no-header.xsd";

    public const string EdxlNamespace = "urn:oasis:names:tc:emergency:EDXL:DE:2.0";

    /// <summary>
    /// The namespace the valid samples give to <c>message</c> and its use case (or <c>urn:emergency:cisu:3.0:createCaseHealth</c>
    /// style for the use case), unknown to the XSDs.
    /// </summary>
    public const string CisuMessageNamespace = "urn:emergency:cisu:3.0";

    private static readonly XName EnvelopeRoot = XName.Get("edxlDistribution", EdxlNamespace);
    private static readonly XName Message = XName.Get("message", CisuUseCases.RcDeNamespace);
    private static readonly Lazy<XsdValidator> SharedInstance = new(() => new XsdValidator());

    // Compiled once and only read afterwards, which is what makes sharing them between threads safe.
    private readonly XmlSchemaSet schemas = Compile(EnvelopeXsd);
    private readonly XmlSchemaSet noHeaderSchemas = Compile(NoHeaderEnvelopeXsd);

    public static XsdValidator Shared => SharedInstance.Value;

    /// <summary>Loads the document from a reader the caller configured safely, keeping line numbers, then validates it as <see cref="Validate(XDocument)"/>.</summary>
    public IReadOnlyList<Problem> Validate(XmlReader reader) => Validate(XDocument.Load(reader, LoadOptions.SetLineInfo));

    /// <summary>Validates a full EDXL-DE message or a bare use-case payload, chosen by the root element.</summary>
    public IReadOnlyList<Problem> Validate(XDocument document) =>
        document.Root?.Name == EnvelopeRoot ? ValidateEnvelope(document) : ValidatePayload(document);

    /// <summary>Validates a full EDXL-DE message against <c>EDXL-DE-full.xsd</c>.</summary>
    public IReadOnlyList<Problem> ValidateEnvelope(XDocument document) => ValidateAs(document, EnvelopeRoot);

    /// <summary>Validates a bare payload (root <c>createCase</c>, <c>emsi</c>...) against its use-case XSD (<c>RC-EDA.xsd</c> or <c>RC-EDA</c>).</summary>
    public IReadOnlyList<Problem> ValidatePayload(XDocument document, string xsdFile)
    {
        var useCase = CisuUseCases.ByFamily(xsdFile)
                      ?? throw new ArgumentException($"{xsdFile} is not a CISU use-case schema", nameof(xsdFile));
        return ValidateAs(document, XName.Get(useCase.RootKey, useCase.XmlNamespace));
    }

    /// <summary>Validates a bare payload against the use-case XSD its root element names.</summary>
    public IReadOnlyList<Problem> ValidatePayload(XDocument document)
    {
        var root = document.Root?.Name.LocalName ?? "";
        var useCase = CisuUseCases.ByRootKey(root);
        return useCase is null
            ? [new Problem(HubErrorCode.InvalidMessage, "/" + root, $"no CISU use case has the root element {root}")]
            : ValidateAs(document, XName.Get(useCase.RootKey, useCase.XmlNamespace));
    }

    /// <summary>Both envelope XSDs import RC-XML-ContentType, which imports every use-case XSD: a set serves envelopes and bare payloads.</summary>
    private static XmlSchemaSet Compile(string envelopeXsd)
    {
        var loadErrors = new List<string>();
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedXsdResolver() };
        set.ValidationEventHandler += (_, e) => loadErrors.Add(e.Message);
        set.Add(null, EmbeddedXsdResolver.UriOf(envelopeXsd).AbsoluteUri);
        set.Compile();
        return loadErrors.Count == 0
            ? set
            : throw new InvalidOperationException($"the embedded XSDs of {envelopeXsd} do not compile: {string.Join("; ", loadErrors)}");
    }

    private IReadOnlyList<Problem> ValidateAs(XDocument document, XName expectedRoot)
    {
        if (document.Root is null) return [new Problem(HubErrorCode.InvalidMessage, "/", "the document has no root element")];
        var normalised = new XDocument(Normalise(document.Root, RootTarget(document.Root)));
        if (normalised.Root!.Name != expectedRoot)
            return [new Problem(HubErrorCode.InvalidMessage, XmlProblemPath.Of(normalised.Root), $"root element {normalised.Root.Name} found, {expectedRoot} expected")];
        var problems = new List<Problem>();
        var set = HasNoHeader(normalised) ? noHeaderSchemas : schemas;
        normalised.Validate(set, (sender, e) =>
        {
            // warnings too: an element the schemas do not know must not pass silently
            problems.Add(new Problem(HubErrorCode.InvalidMessage, XmlProblemPath.Of(sender), e.Message));
        });
        problems.AddRange(UseCases(normalised).SelectMany(useCase => XsdPatternFacets.Check(useCase, set)));
        return problems.Take(JsonSchemaValidator.MaxProblems).ToList();
    }

    /// <summary>The use-case elements (the root of a bare payload, or under <c>message</c>): the only ones whose XSDs have patterns.</summary>
    private static IEnumerable<XElement> UseCases(XDocument normalised) =>
        normalised.Root!.DescendantsAndSelf()
            .Where(e => (e.Parent is null || e.Parent.Name == Message) && CisuUseCases.ByRootKey(e.Name.LocalName)?.XmlNamespace == e.Name.NamespaceName);

    /// <summary>As in the JSON schema, a message whose use case has no header is validated by the no-header envelope.</summary>
    private static bool HasNoHeader(XDocument normalised) =>
        normalised.Descendants(Message).Elements().Any(e => CisuUseCases.ByRootKey(e.Name.LocalName) is { HasHeader: false } u && e.Name.NamespaceName == u.XmlNamespace);

    private static string RootTarget(XElement root) =>
        CisuUseCases.ByRootKey(root.Name.LocalName)?.XmlNamespace ?? CisuUseCases.RcDeNamespace;

    /// <summary>
    /// Copies <paramref name="original"/>, moving elements of <c>urn:emergency:cisu:3.0</c> (valid samples) to the XSD
    /// namespaces: <c>message</c> and its header to <c>urn:emergency:eda:1.9</c>, a use case and its content to its own.
    /// Each copy keeps its original as an annotation, for line numbers.
    /// </summary>
    private static XElement Normalise(XElement original, string target)
    {
        var name = IsCisu(original.Name.NamespaceName) ? XName.Get(original.Name.LocalName, target) : original.Name;
        var copy = new XElement(name, original.Attributes().Where(a => !(a.IsNamespaceDeclaration && IsCisu(a.Value))));
        foreach (var node in original.Nodes())
        {
            copy.Add(node is XElement child
                ? Normalise(child, name == Message ? RootTarget(child) : target)
                : node);
        }
        copy.AddAnnotation(original);
        return copy;
    }

    private static bool IsCisu(string xmlNamespace) =>
        xmlNamespace == CisuMessageNamespace || xmlNamespace.StartsWith(CisuMessageNamespace + ":", StringComparison.Ordinal);
}
