using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping;

/// <summary>
/// A valid CISU use case the hub does not interpret (RS-EDA health cases, TECHNICAL test messages...): its payload
/// is carried whole, so it still validates, converts between encodings and passes through the hub unchanged.
/// It cannot be translated into another family: there is nothing interpreted to translate.
/// </summary>
public sealed class CarriedPayloadMapper(string family) : IPayloadMapper
{
    public string Family => family;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance) =>
        message.Preserved[Family] = payload.DeepClone();

    public JsonObject Write(CanonicalMessage message) =>
        message.Preserved.GetValueOrDefault(Family)?.DeepClone() as JsonObject
        ?? throw new MappingException("$", $"the hub does not interpret {Family}: only a message read as {Family} can be written as {Family}");
}
