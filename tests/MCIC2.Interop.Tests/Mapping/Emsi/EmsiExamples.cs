using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Tests.Mapping.Emsi;

/// <summary>The EMSI examples of the CISU corpus, and what the tests do with them.</summary>
internal static class EmsiExamples
{
    public const string OperationGlobale = "EMSI-OPG-message.json";
    public const string DemandeConcours = "emsi-DC-message.json";

    public static readonly Provenance Provenance = new("fr.health.samu690", new DateTimeOffset(2023, 11, 3, 11, 10, 6, TimeSpan.FromHours(1)), "EMSI", "d350c9d2");

    /// <summary>The object under the root key <c>emsi</c>, which is what the mapper reads.</summary>
    public static JsonObject Payload(string file) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "examples", "EMSI", file)))!["emsi"]!.DeepClone();

    public static CanonicalMessage Read(JsonObject payload)
    {
        var message = new CanonicalMessage { Family = MessageFamilies.Emsi };
        new EmsiMapper().Read(payload, message, Provenance);
        return message;
    }

    /// <summary>Object keys sorted, so that trees compare regardless of key order.</summary>
    public static JsonNode? Normalised(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Normalised(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalised).ToArray()),
        _ => node?.DeepClone(),
    };

    public static void AssertSameTree(JsonNode expected, JsonNode actual)
    {
        var e = Normalised(expected);
        var a = Normalised(actual);
        Assert.IsTrue(JsonNode.DeepEquals(e, a), $"expected\n{e}\nbut was\n{a}");
    }
}
