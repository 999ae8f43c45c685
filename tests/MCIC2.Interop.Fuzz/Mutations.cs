using System.Text;

namespace MCIC2.Interop.Fuzz;

/// <summary>
/// What a hostile or broken partner sends, made from a valid message: each mutation is one of the kinds issue 7 lists
/// (byte flips, truncation, invalid UTF-8, surrogates, huge and tiny numbers, type swaps, deleted and duplicated
/// fields, deep nesting, huge strings, BOMs, XML entity/DTD/namespace tricks), at a place the random source picks.
/// </summary>
public static class Mutations
{
    public static readonly string[] Kinds =
    [
        "byte flip", "truncation", "invalid UTF-8", "lone surrogate", "extreme number", "deleted line", "duplicated line",
        "deep nesting", "huge string", "BOM", "type swap", "XML DTD and entity", "XML namespace",
    ];

    private static readonly string[] Numbers = ["1e999", "-1e999", "0.1e400", "1e-400", "4294967296", "-9223372036854775809", "99999999999999999999999", "-0", "NaN"];
    private static readonly string[] Swaps = ["{}", "[]", "true", "null", "0", "\"\"", "[[]]", "{\"a\":1}"];

    /// <summary>One mutant of <paramref name="seed"/>, and the kind of mutation applied.</summary>
    public static (byte[] Input, string Kind) Apply(byte[] seed, Random random)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var text = Encoding.UTF8.GetString(seed);
        var at = random.Next(seed.Length);
        byte[] input = kind switch
        {
            "byte flip" => Flip(seed, at, random),
            "truncation" => seed[..at],
            "invalid UTF-8" => Insert(seed, at, random.Next(3) switch { 0 => [0xFF], 1 => [0xC3], _ => [0xED, 0xA0, 0x80] }),
            "lone surrogate" => Utf8(InsideString(text, random, "\\ud800", "&#xDFFF;")),
            "extreme number" => Utf8(ReplaceNumber(text, random, Numbers[random.Next(Numbers.Length)])),
            "deleted line" => Utf8(Lines(text, random, (lines, i) => lines.RemoveAt(i))),
            "duplicated line" => Utf8(Lines(text, random, (lines, i) => lines.Insert(i, lines[i]))),
            "deep nesting" => Utf8(DeepNesting(text, random)),
            "huge string" => Utf8(InsideString(text, random, new string('A', 100_000 + random.Next(1_000_000)), new string('A', 100_000))),
            "BOM" => [0xEF, 0xBB, 0xBF, .. seed],
            "type swap" => Utf8(ReplaceValue(text, random, Swaps[random.Next(Swaps.Length)])),
            "XML DTD and entity" => Utf8(DtdTrick(text, random)),
            "XML namespace" => Utf8(text.Replace("urn:emergency:eda:1.9", random.Next(2) == 0 ? "urn:emergency:eda:9.9" : "", StringComparison.Ordinal)),
            _ => throw new InvalidOperationException(kind),
        };
        return (input, kind);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Flip(byte[] seed, int at, Random random)
    {
        var copy = (byte[])seed.Clone();
        if (copy.Length > 0) copy[at] ^= (byte)(1 << random.Next(8));
        return copy;
    }

    private static byte[] Insert(byte[] seed, int at, byte[] bytes) => [.. seed[..at], .. bytes, .. seed[at..]];

    /// <summary>Inserts into a string value: after a JSON quote, or into an XML element's text.</summary>
    private static string InsideString(string text, Random random, string json, string xml)
    {
        var isXml = text.TrimStart('\uFEFF', ' ', '\n', '\r', '\t').StartsWith('<');
        var marker = isXml ? '>' : '"';
        var at = Occurrence(text, marker, random);
        return at < 0 ? text : text.Insert(at + 1, isXml ? xml : json);
    }

    private static string ReplaceNumber(string text, Random random, string number)
    {
        var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i]) && (i == 0 || !char.IsAsciiDigit(text[i - 1]))).ToList();
        if (digits.Count == 0) return text;
        var start = digits[random.Next(digits.Count)];
        var end = start;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] is '.' or 'e' or 'E' or '-')) end++;
        return text[..start] + number + text[end..];
    }

    /// <summary>Replaces the JSON value after a random <c>": "</c> with another type's.</summary>
    private static string ReplaceValue(string text, Random random, string value)
    {
        var at = Occurrence(text, ':', random);
        if (at < 0) return text;
        var start = at + 1;
        while (start < text.Length && text[start] == ' ') start++;
        var end = start;
        if (end < text.Length && text[end] == '"')
        {
            end++;
            while (end < text.Length && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
            end++;
        }
        else
        {
            while (end < text.Length && text[end] is not (',' or '}' or ']' or '\n')) end++;
        }
        return text[..start] + value + text[Math.Min(end, text.Length)..];
    }

    private static string Lines(string text, Random random, Action<List<string>, int> edit)
    {
        var lines = text.Split('\n').ToList();
        edit(lines, random.Next(lines.Count));
        return string.Join('\n', lines);
    }

    private static string DeepNesting(string text, Random random)
    {
        var depth = 200 + random.Next(20_000);
        if (text.TrimStart().StartsWith('<'))
        {
            var at = Occurrence(text, '>', random);
            return at < 0 ? text : text.Insert(at + 1, string.Concat(Enumerable.Repeat("<a>", depth)) + string.Concat(Enumerable.Repeat("</a>", depth)));
        }
        var colon = Occurrence(text, ':', random);
        return colon < 0 ? text : text.Insert(colon + 1, new string('[', depth) + new string(']', depth) + ",\"x\":");
    }

    private static string DtdTrick(string text, Random random)
    {
        var declaration = text.StartsWith("<?xml", StringComparison.Ordinal) ? text.IndexOf("?>", StringComparison.Ordinal) + 2 : 0;
        var dtd = random.Next(3) switch
        {
            0 => "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
            1 => "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>",
            _ => "<!DOCTYPE r SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
        };
        var withDtd = text.Insert(declaration, dtd);
        var at = Occurrence(withDtd, '>', random);
        return at < 0 ? withDtd : withDtd.Insert(at + 1, random.Next(2) == 0 ? "&c;" : "&x;");
    }

    private static int Occurrence(string text, char c, Random random)
    {
        var count = text.Count(x => x == c);
        if (count == 0) return -1;
        var n = random.Next(count);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == c && n-- == 0) return i;
        }
        return -1;
    }
}
