using System.Text;
using System.Text.RegularExpressions;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// Compiles a JSON Schema (ECMA-262) pattern for .NET. Always NonBacktracking: the official caseId pattern
/// <c>^([a-zA-Z0-9_-]+\.?){4,10}$</c> backtracks exponentially, and a partner must not be able to stall the hub.
/// </summary>
internal static class EcmaPattern
{
    public static Regex Compile(string pattern) =>
        new(Translate(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);

    /// <summary>
    /// Rewrites the two constructs whose .NET meaning is looser than ECMA-262: <c>\d</c> (any Unicode digit in .NET,
    /// ASCII only in ECMA) and <c>$</c> (also matches before a final newline in .NET, end of input only in ECMA).
    /// </summary>
    internal static string Translate(string pattern)
    {
        var net = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                if (next == 'd') net.Append(inClass ? "0-9" : "[0-9]");
                else net.Append(c).Append(next);
                continue;
            }
            if (c == '[') inClass = true;
            else if (c == ']') inClass = false;
            else if (c == '$' && !inClass) { net.Append(@"\z"); continue; }
            net.Append(c);
        }
        return net.ToString();
    }
}
