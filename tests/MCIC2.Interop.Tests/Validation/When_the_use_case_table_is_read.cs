using MCIC2.Interop.Adapters.Cisu;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using MCIC2.Interop.Adapters.Cisu.Validation;

namespace MCIC2.Interop.Tests.Validation;

/// <summary><see cref="CisuUseCases"/> must say what the official schemas say, so that an official update that changes them fails here.</summary>
[TestClass]
public sealed class When_the_use_case_table_is_read
{
    [TestMethod]
    public void it_lists_the_use_cases_of_the_envelope_json_schema_with_their_header_rule()
    {
        var alternatives = ReadResource("json-schema/EDXL-DE-full.schema.json", s => JsonNode.Parse(s)!)
            ["definitions"]!["EmbeddedJsonContent"]!["oneOf"]!.AsArray();

        var fromSchema = alternatives.Select(alternative =>
        {
            var parts = alternative!["allOf"]?.AsArray().Select(p => p!["properties"]!["message"]!).ToList()
                        ?? [alternative["properties"]!["message"]!];
            var selecting = parts.Single(m => m["required"] is not null);
            var root = selecting["required"]!.AsArray().Single()!.GetValue<string>();
            var file = selecting["properties"]![root]!["$ref"]!.GetValue<string>();
            var hasHeader = parts.Any(m => (string?)m["$ref"] == "RC-DE.schema.json");
            return (root, file, hasHeader);
        }).ToList();

        CollectionAssert.AreEqual(fromSchema, CisuUseCases.All.Select(u => (u.RootKey, u.JsonSchemaFile, u.HasHeader)).ToList());
    }

    [TestMethod]
    public void each_use_case_xsd_declares_its_root_in_its_namespace()
    {
        foreach (var useCase in CisuUseCases.All)
        {
            var xsd = ReadResource("xsd/" + useCase.XsdFile, XDocument.Load).Root!;
            Assert.AreEqual(useCase.XmlNamespace, xsd.Attribute("targetNamespace")?.Value, useCase.XsdFile);
            Assert.IsTrue(xsd.Elements().Any(e => e.Name.LocalName == "element" && e.Attribute("name")?.Value == useCase.RootKey), useCase.XsdFile);
        }
    }

    private static T ReadResource<T>(string name, Func<Stream, T> read)
    {
        using var stream = typeof(CisuUseCases).Assembly.GetManifestResourceStream(name)!;
        return read(stream);
    }
}
