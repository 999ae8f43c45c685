namespace MCIC2.Interop.PartnerLinks.Formats;

/// <summary>
/// A format that carries patient identities and medical data (<c>fhir-r4</c>). The rules may give it to health
/// services only: a rule naming it for any other partner is refused when the rules load.
/// </summary>
public interface IHealthDataFormat : IMessageFormat
{
}
