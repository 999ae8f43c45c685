using System.Text.RegularExpressions;
using MCIC2.Interop.CanonicalModel.Errors;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Validation;

/// <summary>
/// What Hub Santé's validator said of a <c>sample/failing</c> message (its <c>.errors</c> file): the code it answers and
/// where each problem is. Problems are compared by code, path and category, never by wording.
/// </summary>
internal static partial class ReferenceErrors
{
    /// <summary>How the reference report opens for a schema violation, which Hub Santé answers 300 INVALID_MESSAGE
    /// (also when it "could not detect any schemas in the message").</summary>
    private const string SchemaViolation = "Could not validate message against schema";

    /// <summary>The code Hub Santé answers the sample with; a report of another kind fails the test, to be classed by hand.</summary>
    public static HubErrorCode Code(string file)
    {
        var errors = Of(file);
        return errors.StartsWith(SchemaViolation, StringComparison.Ordinal)
            ? HubErrorCode.InvalidMessage
            : throw new AssertFailedException($"{file}.errors opens with no known classification: {errors.Split('\n')[0]}");
    }

    /// <summary>Every problem has the sample's code and is where the reference validator found one; in JSON, every
    /// problem the reference found is found too.</summary>
    public static void AssertSameProblems(string file, IReadOnlyList<Problem> problems)
    {
        var code = Code(file);
        var report = string.Join(Environment.NewLine, problems);
        Assert.IsNotEmpty(problems, file);
        foreach (var problem in problems) Assert.AreEqual(code, problem.Code, $"{file}: {problem}");

        if (Path.GetExtension(file) == ".json")
        {
            var expected = JsonExpectations(Of(file)).ToList();
            foreach (var (suffix, category) in expected)
                Assert.IsTrue(problems.Any(p => p.Path.EndsWith(suffix, StringComparison.Ordinal) && Category(p.Message) == category),
                    $"{file}: expected a '{category}' problem at ...{suffix}; got:{Environment.NewLine}{report}");
            foreach (var problem in problems)
                Assert.IsTrue(expected.Any(e => problem.Path.EndsWith(e.Suffix, StringComparison.Ordinal) && Category(problem.Message) == e.Category),
                    $"{file}: unexpected problem {problem}");
        }
        else
        {
            // .NET stops checking a parent's content after its first invalid child, where Xerces goes on:
            // every problem must be at (or under) an element Xerces named, but not every such element gets one.
            var elements = XercesElement().Matches(Of(file)).Select(m => m.Groups["name"].Value).ToHashSet();
            Assert.IsNotEmpty(elements, $"no element named in {file}.errors");
            foreach (var problem in problems)
                Assert.IsTrue(Elements(problem.Path).Any(elements.Contains), $"{file}: unexpected problem {problem}; expected at one of {string.Join(", ", elements)}");
        }
    }

    private static string Of(string file) => File.ReadAllText(Corpus.FullPath(file + ".errors"));

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
    [GeneratedRegex("""(?:[Ee]lement '(?:\{"[^"]*":)?|cvc-complex-type\.2\.4\.e: ')(?<name>[A-Za-z0-9_]+)""")]
    private static partial Regex XercesElement();

    private static string[] Elements(string xmlPath) => xmlPath.Split(" (line ")[0].Split('/');
}
