namespace MCIC2.Interop.Adapters.Cisu.Encoding;

/// <summary>
/// The EDXL-DE fields the hub carries, other than <c>content</c>, in the XSD sequence order
/// (the JSON schema lists them in another order). Types follow the JSON schema: <c>explicitAddress</c> is one object.
/// </summary>
internal static class EnvelopeSchema
{
    public static readonly SchemaNode Fields = SchemaNode.ObjectOf(
        ("distributionID", SchemaNode.Text),
        ("senderID", SchemaNode.Text),
        ("dateTimeSent", SchemaNode.Text),
        ("dateTimeExpires", SchemaNode.Text),
        ("distributionStatus", SchemaNode.Text),
        ("distributionKind", SchemaNode.Text),
        ("descriptor", SchemaNode.ObjectOf(
            ("language", SchemaNode.Text),
            ("explicitAddress", SchemaNode.ObjectOf(
                ("explicitAddressScheme", SchemaNode.Text),
                ("explicitAddressValue", SchemaNode.Text))))));

    /// <summary>The RC-DE header fields of <c>message</c>.</summary>
    public static SchemaNode Header => SchemaNode.Load("RC-DE.schema.json");
}
