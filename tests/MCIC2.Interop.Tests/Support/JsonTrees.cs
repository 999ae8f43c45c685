using System.Text.Json.Nodes;

namespace MCIC2.Interop.Tests.Support;

/// <summary>Compares JSON as trees: object key order does not matter, numbers compare by value.</summary>
public static class JsonTrees
{
    public static bool Equal(JsonNode? a, JsonNode? b) => JsonNode.DeepEquals(Normalise(a), Normalise(b));

    public static void AssertEqual(JsonNode? expected, JsonNode? actual, string because)
    {
        if (!Equal(expected, actual))
        {
            Assert.Fail($"{because}\nexpected: {Normalise(expected)?.ToJsonString()}\nactual:   {Normalise(actual)?.ToJsonString()}");
        }
    }

    public static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalise).ToArray()),
        JsonValue v when v.TryGetValue<decimal>(out var d) => JsonValue.Create(d / 1.000000000000000000000000000000000m),
        _ => node?.DeepClone(),
    };
}
