using System.Xml;

namespace MCIC2.Interop.CanonicalModel.Serialization;

/// <summary>
/// Which text XML 1.0 can carry: JSON carries any code unit (<c>\u0000</c>, U+FFFE, a lone surrogate), XML not. One
/// rule for the intake, which refuses such text before accepting a message, and for the XML writer, which must never
/// meet it afterwards.
/// </summary>
public static class XmlCharacters
{
    /// <summary>The index of the first code unit XML 1.0 has no character for, or -1 when it can carry all of <paramref name="text"/>.</summary>
    public static int FirstUncarriable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) continue;
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }
}
