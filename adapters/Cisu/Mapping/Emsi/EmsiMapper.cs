using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// EMSI (the European emergency management message, as profiled by CISU) ↔ the canonical incident.
/// Reading fills the incident (see <see cref="EmsiReader"/>); writing rebuilds EMSI from it, identical to what was
/// read when the EMSI residue is there, or translated from another family otherwise (see <see cref="EmsiWriter"/>).
/// </summary>
public sealed class EmsiMapper : IPayloadMapper
{
    public string Family => MessageFamilies.Emsi;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance) =>
        EmsiReader.Read(payload, message.Incident ??= new Incident(), provenance);

    public JsonObject Write(CanonicalMessage message) => EmsiWriter.Write(message);
}
