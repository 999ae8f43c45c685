using System.Text;

namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>
/// Pégase text is varchar in Windows-1252 (French_CI_AS); SqlClient decodes it. What stays wrong is text that went
/// through a UTF-8 export and back into a varchar: "Ã©" for "é". Such text is repaired by reading its Windows-1252
/// bytes as UTF-8 — only when the result is valid UTF-8, so a genuine "Ã" is left alone.
/// </summary>
public static class LegacyText
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The trimmed text (null when blank), with doubly encoded UTF-8 repaired.</summary>
    public static string? Clean(string? text, out bool repaired)
    {
        repaired = false;
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim();
        if (text.Contains('Ã') || text.Contains('Â'))
        {
            try
            {
                var decoded = StrictUtf8.GetString(Windows1252.GetBytes(text));
                if (decoded != text) { repaired = true; return decoded; }
            }
            catch (DecoderFallbackException)
            {
                // Not UTF-8 read as Windows-1252: the characters are genuine.
            }
        }
        return text;
    }
}
