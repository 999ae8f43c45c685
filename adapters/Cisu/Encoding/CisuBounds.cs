namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>Bounds on what the reader accepts, so a hostile message cannot exhaust memory or the stack.</summary>
public static class CisuBounds
{
    /// <summary>Largest accepted message, in bytes (the Hub Santé messages are a few kilobytes).</summary>
    public const int MaxInputBytes = 4 * 1024 * 1024;

    /// <summary>Deepest accepted nesting of JSON objects/arrays or XML elements.</summary>
    public const int MaxDepth = 64;
}
