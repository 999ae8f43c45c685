using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping;

/// <summary>
/// Translates one CISU family's payload (the object under its root key, e.g. under <c>createCase</c>) to and
/// from the canonical model. Mappers see only the logical JSON form: the encoding (JSON or XML) is not theirs.
/// </summary>
public interface IPayloadMapper
{
    /// <summary>The family mapped, one of <see cref="MessageFamilies"/>.</summary>
    string Family { get; }

    /// <summary>Reads the payload into <paramref name="message"/>, recording <paramref name="provenance"/> on what it
    /// sets and keeping what it does not interpret as the family's residue.</summary>
    void Read(JsonObject payload, CanonicalMessage message, Provenance provenance);

    /// <summary>Writes the message as this family's payload. A message read from another family is translated:
    /// what this family cannot carry goes into its free text, never silently dropped.</summary>
    JsonObject Write(CanonicalMessage message);
}
