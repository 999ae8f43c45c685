namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>Builds the JSON paths of problems: <c>$</c>, <c>.name</c>, <c>[i]</c>, and <c>['odd name']</c> when a name is not a plain identifier.</summary>
internal static class JsonPath
{
    public const string Root = "$";

    public static string Member(string path, string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal)}']";

    public static string Index(string path, int index) => $"{path}[{index}]";
}
