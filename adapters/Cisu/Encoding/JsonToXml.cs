using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.CanonicalModel.Serialization;

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
        else writer.WriteString(value.GetValueKind() == JsonValueKind.String ? Carried(value.GetValue<string>(), path) : value.ToJsonString());
        writer.WriteEndElement();
    }

    /// <summary>The text, when XML 1.0 can carry every character of it: not NUL and most C0 controls, U+FFFE, U+FFFF,
    /// a lone surrogate — which JSON carries (<c>\u0000</c>) and XmlWriter refuses with an exception.</summary>
    private static string Carried(string text, string path) =>
        XmlCharacters.FirstUncarriable(text) is var at and >= 0
            ? throw Rejected(path, $"character U+{(int)text[at]:X4} (at {at}) has no XML form: XML 1.0 cannot carry it")
            : text;

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

    /// <summary>What XML cannot carry fails the conversion (600), whichever encoding it was read from.</summary>
    private static MessageRejectedException Rejected(string path, string message) =>
        new(HubErrorCode.MessageConversionError, path, message);
}
