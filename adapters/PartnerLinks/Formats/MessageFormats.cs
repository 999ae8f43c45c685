using MCIC2.Interop.CanonicalModel.Errors;

namespace MCIC2.Interop.PartnerLinks.Formats;

/// <summary>The formats the host composed, found by their name (rules) or by a content type (intake).</summary>
public sealed class MessageFormats
{
    private readonly IReadOnlyList<IMessageFormat> _formats;

    public MessageFormats(IEnumerable<IMessageFormat> formats)
    {
        _formats = [.. formats];
        var twice = _formats.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new ArgumentException($"two formats are named '{twice.Key}'", nameof(formats));
    }

    public IReadOnlyList<string> Names => [.. _formats.Select(f => f.Name)];

    public IMessageFormat? Find(string name) =>
        _formats.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The format that reads <paramref name="contentType"/> (parameters such as <c>charset</c> ignored), or
    /// 101 NOT_ALLOWED_CONTENT_TYPE, as Hub Santé answers a content type it does not take.</summary>
    public IMessageFormat ForContentType(string? contentType)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim();
        return _formats.FirstOrDefault(f => string.Equals(f.ContentType, mediaType, StringComparison.OrdinalIgnoreCase))
            ?? throw new MessageRejectedException(HubErrorCode.NotAllowedContentType, "content-type",
                $"'{contentType}' is not a content type this hub reads ({string.Join(", ", _formats.Select(f => f.ContentType).Distinct())})");
    }
}
