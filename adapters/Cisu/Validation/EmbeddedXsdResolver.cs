using System.Xml;

namespace MCIC2.Interop.Adapters.Cisu.Validation;

/// <summary>
/// Resolves <c>xs:import</c>/<c>xs:include</c> to the XSDs embedded in this assembly, and refuses anything else:
/// a schema never comes from the file system or the network.
/// </summary>
internal sealed class EmbeddedXsdResolver : XmlResolver
{
    private const string Scheme = "cisu-xsd";

    public static Uri UriOf(string relativePath) => new($"{Scheme}://schemas/{relativePath}");

    public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
    {
        if (absoluteUri.Scheme != Scheme || (ofObjectToReturn is not null && ofObjectToReturn != typeof(Stream)))
            throw new XmlException($"refused to load {absoluteUri}: only the embedded CISU schemas may be read");
        var path = absoluteUri.AbsolutePath.TrimStart('/');
        var xsd = SchemaResources.TryOpenXsd(path) ?? throw new XmlException($"no embedded schema {absoluteUri}");
        // the CISU XSDs sit at the top of the folder; the OASIS supporting ones below it
        return path.Contains('/') ? xsd : XsdPatternFacets.Detach(xsd, path);
    }
}
