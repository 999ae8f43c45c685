using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Converts XML elements to the logical JSON form, guided by the JSON schema: repeated elements become arrays
/// (even with one occurrence), numbers and booleans become JSON numbers and booleans with their exact lexical form,
/// strings are kept exactly. Child elements must be in their parent's namespace (the XSDs are elementFormDefault
/// qualified). Anything the schema does not define is reported, never dropped.
/// </summary>
internal sealed partial class XmlToJson(List<Problem> problems)
{
    /// <summary>The JSON grammar for numbers; XSD forms outside it (<c>+1</c>, <c>.5</c>, <c>INF</c>) are refused
    /// rather than rewritten, so the value passed on is exactly the value received.</summary>
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)$")]
    private static partial Regex JsonInteger();

    public JsonObject ReadObject(XElement parent, IEnumerable<XElement> children, SchemaNode schema, string path)
    {
        CheckAttributes(parent, path);
        CheckNoText(parent, path);
        var result = new JsonObject();
        foreach (var child in children)
        {
            var name = child.Name.LocalName;
            var childPath = $"{path}.{name}";
            var node = schema.Property(name);
            if (child.Name.Namespace != parent.Name.Namespace)
            {
                Add(child, childPath, $"element in namespace '{child.Name.NamespaceName}', expected '{parent.Name.NamespaceName}'");
            }
            else if (node is null)
            {
                Add(child, childPath, "unknown element: the schema does not define it");
            }
            else if (node.Kind == SchemaKind.Array)
            {
                if (result[name] is not JsonArray array) result[name] = array = [];
                array.Add(Read(child, node.Items!, $"{childPath}[{array.Count}]"));
            }
            else if (result.ContainsKey(name))
            {
                Add(child, childPath, "element repeated, the schema allows one");
            }
            else
            {
                result[name] = Read(child, node, childPath);
            }
        }
        return Ordered(result, schema);
    }

    public JsonNode? Read(XElement element, SchemaNode schema, string path) => schema.Kind switch
    {
        SchemaKind.Object => ReadObject(element, element.Elements(), schema, path),
        SchemaKind.Open => ReadOpen(element, path),
        _ => ReadScalar(element, schema.Kind, path),
    };

    private JsonNode? ReadScalar(XElement element, SchemaKind kind, string path)
    {
        CheckAttributes(element, path);
        if (element.HasElements)
        {
            Add(element, path, $"expected a {kind.ToString().ToLowerInvariant()}, found child elements");
            return null;
        }
        var text = element.Value;
        // XSD numeric and boolean types collapse whitespace; strings are kept as they are.
        var token = text.Trim(' ', '\t', '\r', '\n');
        switch (kind)
        {
            case SchemaKind.String:
                return JsonValue.Create(text);
            case SchemaKind.Number when JsonNumber().IsMatch(token):
            case SchemaKind.Integer when JsonInteger().IsMatch(token):
                return JsonNode.Parse(token);
            case SchemaKind.Boolean when token is "true" or "1":
                return JsonValue.Create(true);
            case SchemaKind.Boolean when token is "false" or "0":
                return JsonValue.Create(false);
            default:
                Add(element, path, $"'{text}' is not a {kind.ToString().ToLowerInvariant()}");
                return null;
        }
    }

    /// <summary>Content the schema leaves free has no types: leaves become strings, repeated siblings arrays,
    /// a single child an object property (so a one-item array does not survive a trip through XML). A whole EDXL-DE
    /// distribution there (an RS-ERROR's <c>sourceMessage</c>) has the envelope's own types: its <c>content</c> is an
    /// array of content objects, even of one (<see cref="ReadContentObject"/>).</summary>
    private JsonNode ReadOpen(XElement element, string path)
    {
        CheckAttributes(element, path);
        if (!element.HasElements) return JsonValue.Create(element.Value);
        CheckNoText(element, path);
        var distribution = IsDistribution(element);
        var result = new JsonObject();
        foreach (var group in element.Elements().GroupBy(e => e.Name.LocalName))
        {
            if (distribution && group.Key == "content")
            {
                result["content"] = new JsonArray([.. group.Select((e, i) => ReadContentObject(e, $"{path}.content[{i}]"))]);
                continue;
            }
            var items = group.Select((e, i) => ReadOpen(e, $"{path}.{group.Key}[{i}]")).ToList();
            result[group.Key] = items.Count == 1 ? items[0] : new JsonArray([.. items]);
        }
        return result;
    }

    /// <summary>A distribution in its JSON form written as XML: it has the two EDXL-DE fields no other free content
    /// is expected to have together. Its other envelope fields are strings and single objects, which the free
    /// reading gives them already.</summary>
    private static bool IsDistribution(XElement element) =>
        element.Elements().Any(e => e.Name.LocalName == "distributionID") && element.Elements().Any(e => e.Name.LocalName == "content");

    /// <summary>A content object of a nested distribution. When it is <c>jsonContent/embeddedJsonContent/message</c>, each
    /// holding only the next, a message that reads cleanly as its RC-DE header and use case keeps their arrays, numbers
    /// and booleans; one that does not (the message an RS-ERROR reports is often the invalid one) stays free content.</summary>
    private JsonNode ReadContentObject(XElement content, string path)
    {
        var read = ReadOpen(content, path);
        if (read is JsonObject { Count: 1 } contentObject && contentObject["jsonContent"] is JsonObject { Count: 1 } json
            && json["embeddedJsonContent"] is JsonObject { Count: 1 } embedded && embedded["message"] is JsonObject
            && TypedMessage(content.Elements().Elements().Elements().Single(), $"{path}.jsonContent.embeddedJsonContent.message") is { } typed)
            embedded["message"] = typed;
        return read;
    }

    /// <summary>The message as its RC-DE header and single use case, or null when it does not read cleanly so.</summary>
    private static JsonObject? TypedMessage(XElement message, string path)
    {
        var useCases = message.Elements().Where(e => CisuUseCases.ByRootKey(e.Name.LocalName) is not null).ToList();
        if (useCases.Count != 1) return null;
        var useCase = CisuUseCases.ByRootKey(useCases[0].Name.LocalName)!;
        var scratch = new List<Problem>();
        var typed = new XmlToJson(scratch);
        var result = typed.ReadObject(message, message.Elements().Where(e => e != useCases[0]), EnvelopeSchema.Header, path);
        result[useCase.RootKey] = typed.Read(useCases[0], SchemaNode.Load(useCase.JsonSchemaFile), $"{path}.{useCase.RootKey}");
        return scratch.Count == 0 ? result : null;
    }

    private static JsonObject Ordered(JsonObject read, SchemaNode schema)
    {
        var ordered = new JsonObject();
        foreach (var (name, _) in schema.Properties)
        {
            if (read.Remove(name, out var value)) ordered[name] = value;
        }
        return ordered;
    }

    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Namespace declarations and xsi attributes (schemaLocation) carry no data, nor do the xlink attributes
    /// of the EDXL-DE elements (the envelope reader keeps them in <see cref="XmlStyle"/>); anything else would be lost.</summary>
    private void CheckAttributes(XElement element, string path)
    {
        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration || attribute.Name.Namespace == Xsi) continue;
            if (attribute.Name.NamespaceName == CisuNamespaces.Xlink && element.Name.NamespaceName == CisuNamespaces.Edxl) continue;
            Add(element, $"{path}/@{attribute.Name.LocalName}", "unknown attribute");
        }
    }

    private void CheckNoText(XElement element, string path)
    {
        if (element.Nodes().OfType<XText>().Any(t => !string.IsNullOrWhiteSpace(t.Value)))
            Add(element, path, "text found where the schema expects child elements");
    }

    private void Add(XElement element, string path, string message)
    {
        var line = (IXmlLineInfo)element;
        problems.Add(new Problem(HubErrorCode.InvalidMessage, path,
            line.HasLineInfo() ? $"{message} (line {line.LineNumber}, position {line.LinePosition})" : message));
    }
}
