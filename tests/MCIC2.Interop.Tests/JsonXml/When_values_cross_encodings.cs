using MCIC2.Interop.Adapters.Cisu;
using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.Tests.JsonXml;

/// <summary>What the logical JSON form keeps of a value, and how the XML and JSON are spelled.</summary>
[TestClass]
public sealed class When_values_cross_encodings
{
    private static CisuDocument Read(string input) => new CisuReader().Read(System.Text.Encoding.UTF8.GetBytes(input));

    private static string Write(CisuDocument doc, CisuEncoding encoding) => new CisuWriter().WriteString(doc, encoding);

    [TestMethod]
    public void Numbers_keep_their_exact_lexical_form_and_strings_their_spaces()
    {
        var doc = Read("""
            <geoPositionsUpdate xmlns="urn:emergency:eda:1.9:geopositionsupdate"><position>
              <resourceId>Rue </resourceId><coord><lat>47.9657986</lat><lon>-1.7901215</lon></coord>
            </position></geoPositionsUpdate>
            """);

        var json = Write(doc, CisuEncoding.Json);

        StringAssert.Contains(json, "\"lat\": 47.9657986");
        StringAssert.Contains(json, "\"lon\": -1.7901215");
        StringAssert.Contains(json, "\"resourceId\": \"Rue \"");
        Assert.IsInstanceOfType<JsonArray>(doc.Payload["position"], "one occurrence of a repeatable element is still an array");
    }

    [TestMethod]
    public void XML_elements_follow_the_schema_order_whatever_the_JSON_order()
    {
        var doc = Read("""{"createCase": {"location": {"country": "FR", "locID": "l"}, "caseId": "c"}}""");

        var xml = Write(doc, CisuEncoding.Xml);

        Assert.IsLessThan(xml.IndexOf("<location>", StringComparison.Ordinal), xml.IndexOf("<caseId>", StringComparison.Ordinal));
        Assert.IsLessThan(xml.IndexOf("<country>", StringComparison.Ordinal), xml.IndexOf("<locID>", StringComparison.Ordinal));
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", xml);
        StringAssert.Contains(xml, "<createCase xmlns=\"urn:emergency:eda:1.9:createCase\">");
    }

    [TestMethod]
    public void JSON_keeps_accented_letters_unescaped()
    {
        var json = Write(Read("""{"createCase": {"caseId": "Célestins"}}"""), CisuEncoding.Json);

        StringAssert.Contains(json, "Célestins");
    }

    [TestMethod]
    public void A_JSON_envelope_is_written_as_EDXL_DE_XML_with_the_XSD_namespaces()
    {
        var doc = Read("""
            {"distributionID": "d", "senderID": "s", "descriptor": {"language": "fr-FR",
              "explicitAddress": {"explicitAddressScheme": "hubex", "explicitAddressValue": "v"}},
             "content": [{"jsonContent": {"embeddedJsonContent": {"message": {"messageId": "m",
               "recipient": [{"name": "n", "URI": "u"}], "reference": {"distributionID": "x", "refused": false}}}}}]}
            """);

        var xml = Write(doc, CisuEncoding.Xml);

        StringAssert.Contains(xml, "<message xmlns=\"urn:emergency:eda:1.9\">");
        StringAssert.Contains(xml, "<reference xmlns=\"urn:emergency:eda:1.9:reference\">");
        StringAssert.Contains(xml, "<refused>false</refused>");
        Assert.IsLessThan(xml.IndexOf("<senderID>", StringComparison.Ordinal), xml.IndexOf("<distributionID>", StringComparison.Ordinal));
        Assert.AreEqual("m", doc.Header!["messageId"]!.GetValue<string>());
        Assert.IsFalse(doc.Envelope!.ContainsKey("content"));
    }

    [TestMethod]
    public void Every_use_case_schema_loads()
    {
        foreach (var useCase in CisuUseCases.All)
        {
            var doc = new CisuDocument { UseCase = useCase, Encoding = CisuEncoding.Json, Payload = [] };
            StringAssert.Contains(Write(doc, CisuEncoding.Xml), useCase.RootKey);
        }
        Assert.AreEqual("createCase", CisuUseCases.ByFamily("RC-EDA")!.RootKey);
        Assert.AreEqual("RC-RI", CisuUseCases.ByRootKey("resourcesInfoCisu")!.Family);
    }

    [TestMethod]
    public void The_writer_refuses_a_property_it_could_not_place()
    {
        var doc = new CisuDocument
        {
            UseCase = CisuUseCases.ByFamily("RC-EDA")!,
            Encoding = CisuEncoding.Json,
            Payload = new JsonObject { ["caseId"] = 12, ["colour"] = "red" },
        };

        var e = Assert.ThrowsExactly<MessageRejectedException>(() => Write(doc, CisuEncoding.Xml));

        CollectionAssert.AreEquivalent(new[] { "$.createCase.caseId", "$.createCase.colour" }, e.Problems.Select(p => p.Path).ToList());
    }
}
