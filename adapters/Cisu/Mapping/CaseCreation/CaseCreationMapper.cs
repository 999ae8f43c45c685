using System.Text.Json.Nodes;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;

/// <summary>RC-EDA <c>createCase</c>: a case created or shared by a partner, with its qualification, location and alerts.
/// A case read from another family (an EMSI) is completed with what RC-EDA requires by <see cref="CaseTranslation"/>.</summary>
public sealed class CaseCreationMapper : IPayloadMapper
{
    /// <summary>The nomenclature version written when a case comes from another family (RC-EDA requires one);
    /// a case read from RC-EDA keeps its own in the residue.</summary>
    public const string DefaultReferenceVersion = "2.01.3";

    public string Family => MessageFamilies.CaseCreation;

    public void Read(JsonObject payload, CanonicalMessage message, Provenance provenance)
    {
        var cursor = PayloadCursor.Over(payload, "$.createCase");
        var incident = message.Incident ??= new Incident();
        incident.Identity.CaseId = cursor.String("caseId");
        incident.Identity.SenderCaseId = cursor.String("senderCaseId");
        incident.CreatedAt = cursor.Time("creation");
        incident.Qualification = cursor.Object("qualification", c => QualificationPart.Read(c, provenance));
        incident.Location = cursor.Object("location", c => LocationPart.Read(c, provenance));
        if (cursor.Object("initialAlert", c => AlertPart.Read(c, provenance)) is { } initial) incident.Alerts.Add(initial);
        incident.Alerts.AddRange(cursor.Objects("newAlert", c => AlertPart.Read(c, provenance)));
        incident.Notes.AddRange(cursor.Strings("freetext").Select(text => new Note { Text = text, Provenance = provenance }));
        incident.CustomDetails.AddRange(cursor.Object("additionalInformation", c => c.Objects("customMap", CustomDetailPart.Read)) ?? []);
        if (incident.CreatedAt is { } created)
        {
            incident.Timeline.Add(new TimelineEntry { At = created, Kind = "case-created", Description = incident.Qualification?.Nature?.Label, Provenance = provenance });
        }
        if (cursor.Residue() is { } residue) incident.Preserved[Family] = residue;
    }

    public JsonObject Write(CanonicalMessage message)
    {
        var incident = message.Incident ?? throw new MappingException("$", "an RC-EDA case needs an incident");
        var alerts = incident.Alerts;
        var builder = new PayloadBuilder()
            .String("caseId", incident.Identity.CaseId ?? incident.Identity.EmsiMainEventId)
            .String("senderCaseId", incident.Identity.SenderCaseId)
            .Time("creation", incident.CreatedAt)
            .String("referenceVersion", incident.Preserved.GetValueOrDefault(Family)?["referenceVersion"] is null ? DefaultReferenceVersion : null)
            .Object("qualification", incident.Qualification, QualificationPart.Write)
            .Object("location", incident.Location, LocationPart.Write)
            .Object("initialAlert", alerts.FirstOrDefault(), AlertPart.Write)
            .Objects("newAlert", alerts.Skip(1).ToList(), AlertPart.Write)
            .Strings("freetext", incident.Notes.Select(n => n.Text).OfType<string>().ToList())
            .Object("additionalInformation", incident.CustomDetails.Count > 0 ? incident.CustomDetails : null,
                (b, details) => b.Objects("customMap", details, CustomDetailPart.Write));
        Residue.MergeInto(builder.Node, incident.Preserved.GetValueOrDefault(Family));
        if (message.Family != Family) CaseTranslation.Complete(builder.Node, message);
        return builder.Node;
    }
}
