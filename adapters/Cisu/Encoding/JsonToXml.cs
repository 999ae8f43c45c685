using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// Writes a logical JSON tree as XML elements. The tree has been through <see cref="SchemaOrderedCopy"/>, so its
/// properties are known and already in XSD order; arrays become repeated elements, scalars their JSON text.
/// </summary>
internal static class JsonToXml
{
    /// <param name="start">Starts an element given its local name, when the caller adds attributes (EDXL-DE xlink:type).</param>
    public static void WriteChildren(XmlWriter writer, JsonObject obj, SchemaNode schema, XmlName name, string path, Action<string>? start = null)
    {
        foreach (var (property, value) in obj)
        {
            var node = schema.Kind == SchemaKind.Open ? null : schema.Property(property);
            WriteProperty(writer, property, value, node, name, $"{path}.{property}", start);
        }
    }

    /// <param name="schema">Null inside content the schema leaves free.</param>
    private static void WriteProperty(XmlWriter writer, string property, JsonNode? value, SchemaNode? schema, XmlName name, string path,
        Action<string>? start)
    {
        if (value is null) throw Rejected(path, "null has no XML form");
        if (schema is null && !IsXmlName(property)) throw Rejected(path, "the property name is not an XML element name");
        if (value is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonArray) throw Rejected($"{path}[{i}]", "an array inside an array has no XML form");
                WriteProperty(writer, property, array[i], schema?.Items, name, $"{path}[{i}]", start);
            }
            return;
        }
        if (start is null) writer.WriteStartElement(name.Prefix, property, name.Namespace);
        else start(property);
        if (value is JsonObject obj) WriteChildren(writer, obj, schema ?? Open, name, path, start);
        else writer.WriteString(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
        writer.WriteEndElement();
    }

    private static bool IsXmlName(string name)
    {
        try
        {
            XmlConvert.VerifyNCName(name);
            return true;
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static readonly SchemaNode Open = SchemaNode.Load("customContent.schema.json");

    private static MessageRejectedException Rejected(string path, string message) =>
        new(HubErrorCode.InvalidMessage, path, message);
}
