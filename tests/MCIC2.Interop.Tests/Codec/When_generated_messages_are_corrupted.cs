using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CsCheck;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Encoding;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Tests.Mapping;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Codec;

/// <summary>
/// Property-based (CsCheck), beside the mutation campaign: a generated incident as a partner's message, one of its
/// values replaced by a generated hostile one — any UTF-16 text (lone surrogates and control characters included), any
/// number the JSON grammar allows, a value of another type — then read by the codec (as at intake) and by the
/// conversion behind <c>/convert</c> and <c>mcic2 convert</c>. Either it is accepted or it is refused with a Hub Santé
/// code and, for every problem, a path and a message; a failure is shrunk by CsCheck to its smallest case.
/// </summary>
[TestClass]
public sealed partial class When_generated_messages_are_corrupted
{
    private static readonly Gen<string> AnyText = Gen.String[Gen.Char, 0, 24];

    private static readonly Gen<string> AnyNumber = Gen.OneOf(
        Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture)),
        Gen.Select(Gen.Int[1, 40], Gen.Int[-500, 500], (digits, exponent) => new string('9', digits) + "e" + exponent.ToString(CultureInfo.InvariantCulture)),
        Gen.Select(Gen.Int[1, 40], Gen.Int[1, 40], (whole, fraction) => new string('4', whole) + "." + new string('7', fraction)));

    /// <summary>A JSON value to put in place of another: text, a number, or a value of another type.</summary>
    private static readonly Gen<JsonNode?> AnyValue = Gen.OneOf(
        AnyText.Select(t => (JsonNode?)JsonValue.Create(t)),
        AnyNumber.Select(n => JsonNode.Parse(n)),
        Gen.Int[0, 3].Select(i => i switch { 0 => null, 1 => (JsonNode?)JsonValue.Create(true), 2 => new JsonObject(), _ => new JsonArray() }));

    /// <summary>The incident as a partner's message; null when the hub would not write it (the generators also make
    /// incidents with values outside the code lists, which the writer refuses with 600 — not what is tested here).</summary>
    private static byte[]? Envelope(MCIC2.Interop.CanonicalModel.Incidents.Incident incident, CisuEncoding encoding)
    {
        var message = PartnerMessages.Message(PartnerMessages.FireCase, "fr.fire.sdis35", "fr.fire.sdis35_GEN-1", PartnerMessages.Morning);
        message.Incident = incident;
        try
        {
            return CisuCodec.Shared.Encode(message, encoding);
        }
        catch (MessageRejectedException)
        {
            return null;
        }
    }

    private const int Iterations = 3000;

    /// <summary>Enough generated messages were written to corrupt (the rest were not writable in the first place).</summary>
    private static void AssertEnoughCorrupted(int corrupted) =>
        Assert.IsGreaterThan(Iterations / 50, corrupted, $"only {corrupted} of {Iterations} generated incidents were writable messages");

    [TestMethod]
    public void A_JSON_message_with_any_value_replaced_is_accepted_or_refused_with_code_and_paths()
    {
        var corrupted = 0;
        Gen.Select(IncidentGenerators.Incident, Gen.Int[0, int.MaxValue], AnyValue).Sample((incident, at, value) =>
        {
            if (Envelope(incident, CisuEncoding.Json) is not { } written) return;
            Interlocked.Increment(ref corrupted);
            var root = JsonNode.Parse(written)!;
            var leaves = Leaves(root).ToList();
            var leaf = leaves[at % leaves.Count];
            Replace(leaf, value?.DeepClone());
            var bytes = Encoding.UTF8.GetBytes(root.ToJsonString());

            AssertAcceptedOrRefused(() => CisuCodec.Shared.Decode(bytes), $"{leaf.GetPath()} := {value?.ToJsonString() ?? "null"}");
            AssertAcceptedOrRefused(() => Conversion.Convert(bytes, "xml", null), $"convert, {leaf.GetPath()}");
        }, iter: Iterations);
        AssertEnoughCorrupted(corrupted);
    }

    [TestMethod]
    public void An_XML_message_with_any_text_replaced_is_accepted_or_refused_with_code_and_paths()
    {
        var corrupted = 0;
        Gen.Select(IncidentGenerators.Incident, Gen.Int[0, int.MaxValue], Gen.OneOf(AnyText, AnyNumber)).Sample((incident, at, text) =>
        {
            if (Envelope(incident, CisuEncoding.Xml) is not { } written) return;
            Interlocked.Increment(ref corrupted);
            var xml = Encoding.UTF8.GetString(written);
            var values = TextValue().Matches(xml);
            var target = values[at % values.Count];
            // Escaped as XML text; what XML cannot carry (a lone surrogate, a control character) stays as it is.
            var escaped = text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(xml[..(target.Index + 1)] + escaped + xml[(target.Index + target.Length - 1)..]);

            AssertAcceptedOrRefused(() => CisuCodec.Shared.Decode(bytes), $"text {target.Value} := {text}");
            AssertAcceptedOrRefused(() => Conversion.Convert(bytes, "json", null), $"convert, text {target.Value}");
        }, iter: Iterations);
        AssertEnoughCorrupted(corrupted);
    }

    private static void AssertAcceptedOrRefused(Action read, string what)
    {
        try
        {
            read();
        }
        catch (MessageRejectedException refused)
        {
            Assert.IsNotEmpty(refused.Problems, what);
            foreach (var problem in refused.Problems)
            {
                Assert.IsTrue(Enum.IsDefined(problem.Code), $"{what}: code {problem.Code}");
                Assert.IsFalse(string.IsNullOrEmpty(problem.Path), $"{what}: a problem without a path: {problem.Message}");
                Assert.IsFalse(string.IsNullOrEmpty(problem.Message), $"{what}: a problem without a message at {problem.Path}");
            }
        }
    }

    /// <summary>Every scalar of the message (a value that is not an object or an array).</summary>
    private static IEnumerable<JsonNode> Leaves(JsonNode node) => node switch
    {
        JsonObject o => o.Select(p => p.Value).Where(v => v is not null).SelectMany(v => Leaves(v!)),
        JsonArray a => a.Where(v => v is not null).SelectMany(v => Leaves(v!)),
        _ => [node],
    };

    private static void Replace(JsonNode leaf, JsonNode? value)
    {
        switch (leaf.Parent)
        {
            case JsonObject parent:
                parent[leaf.GetPropertyName()] = value;
                break;
            case JsonArray parent:
                parent[leaf.GetElementIndex()] = value;
                break;
        }
    }

    /// <summary>The text between an element's start and end tags, where it holds no markup.</summary>
    [GeneratedRegex(">[^<>]+<")]
    private static partial Regex TextValue();
}
