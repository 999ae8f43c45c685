using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Acknowledgements;

/// <summary>RS-ERROR <c>error</c>: a message was refused, with its Hub Santé code and cause.</summary>
public sealed class ErrorReportMapper : IPayloadMapper
{
    public string Family => MessageFamilies.Error;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.error");
        var report = new ErrorReport();
        cursor.Object("errorCode", c =>
        {
            report.StatusCode = (int)(c.Integer("statusCode") ?? throw c.Missing("statusCode"));
            report.StatusString = c.RequiredString("statusString");
            return report;
        });
        report.Cause = cursor.RequiredString("errorCause");
        // The refused message may itself be invalid: it is kept as received, untyped.
        report.SourceMessage = cursor.Raw("sourceMessage");
        report.ReferencedDistributionId = cursor.RequiredString("referencedDistributionID");
        message.Error = report;
        if (cursor.Residue() is { } residue) message.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var report = message.Error ?? throw new MappingException("$", "an RS-ERROR message needs an error report");
        var builder = new PayloadBuilder()
            .Object("errorCode", report, (c, r) => c.Integer("statusCode", r.StatusCode).String("statusString", r.StatusString))
            .String("errorCause", report.Cause);
        if (report.SourceMessage is { } source) builder.Node["sourceMessage"] = source.DeepClone();
        builder.String("referencedDistributionID", report.ReferencedDistributionId);
        Residue.MergeInto(builder.Node, message.Preserved.GetValueOrDefault(Family));
        return builder.Node;
    }
}
