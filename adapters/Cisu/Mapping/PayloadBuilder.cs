using System.Text.Json.Nodes;

namespace MCIC2.Interop.Adapters.Cisu.Mapping;

/// <summary>Writes a CISU payload from the canonical model: absent values are left out, never written as null.</summary>
public sealed class PayloadBuilder
{
    public JsonObject Node { get; } = new();

    public PayloadBuilder String(string name, string? value)
    {
        if (value is not null) Node[name] = value;
        return this;
    }

    public PayloadBuilder Decimal(string name, decimal? value)
    {
        if (value is { } v) Node[name] = v;
        return this;
    }

    public PayloadBuilder Integer(string name, long? value)
    {
        if (value is { } v) Node[name] = v;
        return this;
    }

    public PayloadBuilder Boolean(string name, bool? value)
    {
        if (value is { } v) Node[name] = v;
        return this;
    }

    public PayloadBuilder Time(string name, DateTimeOffset? value)
    {
        if (value is { } v) Node[name] = CisuTime.Format(v);
        return this;
    }

    public PayloadBuilder Object<T>(string name, T? value, Action<PayloadBuilder, T> write) where T : class
    {
        if (value is null) return this;
        var child = new PayloadBuilder();
        write(child, value);
        Node[name] = child.Node;
        return this;
    }

    public PayloadBuilder Objects<T>(string name, IReadOnlyCollection<T> values, Action<PayloadBuilder, T> write)
    {
        if (values.Count == 0) return this;
        var array = new JsonArray();
        foreach (var value in values)
        {
            var child = new PayloadBuilder();
            write(child, value);
            array.Add(child.Node);
        }
        Node[name] = array;
        return this;
    }

    public PayloadBuilder Strings(string name, IReadOnlyCollection<string> values)
    {
        if (values.Count > 0) Node[name] = new JsonArray(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
        return this;
    }
}

/// <summary>Puts a preserved residue back into a payload built from the model: objects by key, arrays by index.</summary>
public static class Residue
{
    public static void MergeInto(JsonObject target, JsonNode? residue)
    {
        if (residue is not JsonObject extra) return;
        foreach (var (name, value) in extra.ToList())
        {
            if (target[name] is JsonObject targetChild && value is JsonObject) MergeInto(targetChild, value);
            else if (target[name] is JsonArray targetArray && value is JsonArray extraArray) MergeArray(targetArray, extraArray);
            else if (!target.ContainsKey(name)) target[name] = value?.DeepClone();
        }
    }

    private static void MergeArray(JsonArray target, JsonArray extra)
    {
        for (var i = 0; i < extra.Count; i++)
        {
            if (i < target.Count && target[i] is JsonObject t) MergeInto(t, extra[i]);
            else if (i >= target.Count) target.Add(extra[i]?.DeepClone());
        }
    }
}
