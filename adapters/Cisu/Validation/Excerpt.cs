namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>A value quoted in a problem message, cut short: a hostile 10 kB value must not be copied into every report and log.</summary>
internal static class Excerpt
{
    private const int MaxLength = 64;

    public static string Of(string value) => value.Length <= MaxLength ? value : $"{value[..MaxLength]}… ({value.Length} characters)";
}
