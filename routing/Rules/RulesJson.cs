using System.Text.Json;

namespace MCIC2.Interop.Routing.Rules;

/// <summary>
/// Reads values out of the rules JSON, recording a located problem for each one missing or of the wrong shape
/// instead of stopping at the first: the operator fixes the whole file in one go.
/// </summary>
internal sealed class RulesJson(string file)
{
    private readonly List<RulesProblem> _problems = [];

    public IReadOnlyList<RulesProblem> Problems => _problems;

    public void Problem(string path, string message) => _problems.Add(new RulesProblem(file, path, message));

    /// <summary>Refuses properties the format does not know: a misspelt optional one would otherwise be ignored.</summary>
    public void OnlyKnown(JsonElement obj, string path, params string[] known)
    {
        foreach (var property in obj.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            Problem($"{path}.{property.Name}", $"unknown property (known: {string.Join(", ", known)})");
        }
    }

    public string? Text(JsonElement obj, string path, string name, bool required = true)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Problem($"{path}.{name}", "missing");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Trim().Length == 0)
        {
            Problem($"{path}.{name}", "not a non-empty string");
            return null;
        }
        return value.GetString()!.Trim();
    }

    /// <summary>A non-empty array of strings, each passed to <paramref name="check"/> (an error message, or null when fine).</summary>
    public List<string> Texts(JsonElement obj, string path, string name, Func<string, string?> check)
    {
        var texts = new List<string>();
        var items = Array(obj, path, name);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.{name}[{i}]";
            if (items[i].ValueKind != JsonValueKind.String) { Problem(itemPath, "not a string"); continue; }
            var text = items[i].GetString()!.Trim();
            if (check(text) is { } error) Problem(itemPath, error);
            else texts.Add(text);
        }
        if (items.Count == 0 && obj.TryGetProperty(name, out _)) Problem($"{path}.{name}", "empty");
        return texts;
    }

    public List<JsonElement> Array(JsonElement obj, string path, string name)
    {
        if (!obj.TryGetProperty(name, out var value)) { Problem($"{path}.{name}", "missing"); return []; }
        if (value.ValueKind != JsonValueKind.Array) { Problem($"{path}.{name}", "not an array"); return []; }
        return value.EnumerateArray().ToList();
    }

    /// <summary>The objects of an array property, with their paths (<c>$.partners[3]</c>).</summary>
    public IEnumerable<(JsonElement Item, string Path)> Objects(JsonElement obj, string path, string name)
    {
        var items = Array(obj, path, name);
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{path}.{name}[{i}]";
            if (items[i].ValueKind == JsonValueKind.Object) yield return (items[i], itemPath);
            else Problem(itemPath, "not an object");
        }
    }

    /// <summary>One of <paramref name="values"/> (compared without case), or a problem naming them.</summary>
    public T? Choice<T>(JsonElement obj, string path, string name, IReadOnlyDictionary<string, T> values, bool required = true)
        where T : struct
    {
        var text = Text(obj, path, name, required);
        if (text is null) return null;
        var match = values.FirstOrDefault(v => string.Equals(v.Key, text, StringComparison.OrdinalIgnoreCase));
        if (match.Key is not null) return match.Value;
        Problem($"{path}.{name}", $"'{text}' is not one of {string.Join(", ", values.Keys)}");
        return null;
    }
}
