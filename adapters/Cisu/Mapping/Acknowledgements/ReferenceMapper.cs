using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Acknowledgements;

/// <summary>RC-REF <c>reference</c>: the functional acknowledgement (or refusal) of a message by its distribution id.</summary>
public sealed class ReferenceMapper : IPayloadMapper
{
    public string Family => MessageFamilies.Reference;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.reference");
        message.Acknowledgement = new Acknowledgement
        {
            AcknowledgedDistributionId = cursor.RequiredString("distributionID"),
            Refused = cursor.Boolean("refused"),
            ErrorDistributionId = cursor.String("errorDistributionID"),
            Step = cursor.String("step"),
        };
        if (cursor.Residue() is { } residue) message.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var ack = message.Acknowledgement ?? throw new MappingException("$", "an RC-REF message needs an acknowledgement");
        var builder = new PayloadBuilder()
            .String("distributionID", ack.AcknowledgedDistributionId)
            .Boolean("refused", ack.Refused)
            .String("errorDistributionID", ack.ErrorDistributionId)
            .String("step", ack.Step);
        Residue.MergeInto(builder.Node, message.Preserved.GetValueOrDefault(Family));
        return builder.Node;
    }
}
