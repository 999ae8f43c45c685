using System.Text.RegularExpressions;
using MCIC2.Interop.CanonicalModel.Errors;

using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Validation;

/// <summary>Every <c>sample/failing</c> message is refused where the original Java validator (its <c>.errors</c> file) refused it.</summary>
[TestClass]
public sealed partial class When_a_message_breaks_its_schema
{
    public static IEnumerable<object[]> FailingSamples => Corpus.Files(Path.Combine("sample", "failing"), ".json", ".xml");

    [TestMethod]
    [DynamicData(nameof(FailingSamples))]
    public void it_is_rejected_with_invalid_message_problems(string file)
    {
        var problems = Corpus.ValidateSample(file);

        Assert.IsNotEmpty(problems, file);
        Assert.IsTrue(problems.All(p => p.Code == HubErrorCode.InvalidMessage), string.Join(Environment.NewLine, problems));
    }

    [TestMethod]
    [DynamicData(nameof(FailingSamples))]
    public void the_problems_are_where_the_reference_validator_found_them(string file)
    {
        var errors = File.ReadAllText(Corpus.FullPath(file + ".errors"));
        var problems = Corpus.ValidateSample(file);
        var report = string.Join(Environment.NewLine, problems);

        if (Path.GetExtension(file) == ".json")
        {
            var expected = JsonExpectations(errors).ToList();
            foreach (var (suffix, category) in expected)
                Assert.IsTrue(problems.Any(p => p.Path.EndsWith(suffix, StringComparison.Ordinal) && Category(p.Message) == category),
                    $"expected a '{category}' problem at ...{suffix}; got:{Environment.NewLine}{report}");
            foreach (var problem in problems)
                Assert.IsTrue(expected.Any(e => problem.Path.EndsWith(e.Suffix, StringComparison.Ordinal) && Category(problem.Message) == e.Category),
                    $"unexpected problem {problem}");
        }
        else
        {
            // .NET stops checking a parent's content after its first invalid child, where Xerces goes on:
            // every problem must be at (or under) an element Xerces named, but not every such element gets one.
            var elements = XmlExpectations(errors).ToHashSet();
            Assert.IsNotEmpty(elements, "no element named in " + file + ".errors");
            foreach (var problem in problems)
                Assert.IsTrue(Elements(problem.Path).Any(elements.Contains), $"unexpected problem {problem}; expected at one of {string.Join(", ", elements)}");
        }
    }

    /// <summary>
    /// Reads <c> - path: message</c> lines into (path suffix, category). Header and content sections give paths relative
    /// to the message; the envelope section gives them from the validated root: a suffix match covers both.
    /// "Could not detect any schemas" is skipped: the Java validator says it whenever the RC-DE header is invalid, even
    /// with a use case present; we report the header problems themselves (and "no use case" only when there is none).
    /// </summary>
    private static IEnumerable<(string Suffix, string Category)> JsonExpectations(string errors)
    {
        foreach (var line in errors.Split('\n').Select(l => l.Trim()))
        {
            if (line.Contains("should be valid to one and only one schema", StringComparison.Ordinal)) yield return (".message", "more than one use case");
            else if (line.StartsWith("- ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                yield return ("." + line[2..colon].TrimStart('$', '.'), Category(line[(colon + 2)..]));
            }
        }
    }

    private static readonly string[] Categories =
        ["no use case", "more than one use case", "is missing", "not defined", "found,", "enumeration", "regex pattern", "date-time", "maximum", "minimum"];

    private static string Category(string message) => Categories.FirstOrDefault(message.Contains) ?? message;

    /// <summary>The element names the Java (Xerces) messages point at: <c>element 'x'</c>, <c>element '{"ns":x}'</c>, <c>'x' can occur</c>.</summary>
    private static IEnumerable<string> XmlExpectations(string errors) =>
        XercesElement().Matches(errors).Select(m => m.Groups["name"].Value);

    [GeneratedRegex("""(?:[Ee]lement '(?:\{"[^"]*":)?|cvc-complex-type\.2\.4\.e: ')(?<name>[A-Za-z0-9_]+)""")]
    private static partial Regex XercesElement();

    private static string[] Elements(string xmlPath) => xmlPath.Split(" (line ")[0].Split('/');
}
