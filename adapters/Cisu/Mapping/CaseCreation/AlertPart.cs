using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;

/// <summary>RC-EDA <c>initialAlert</c> / <c>newAlert</c>: a call, its caller, call taker, notes and attachments.</summary>
internal static class AlertPart
{
    public static Alert Read(PayloadCursor c, Provenance provenance) => new()
    {
        Id = c.RequiredString("id"),
        ReceivedAt = c.Time("reception"),
        Reporting = c.String("reporting"),
        Notes = c.Objects("notes", n => new Note { CreatedAt = n.Time("creation"), Text = n.String("freetext"), Provenance = provenance }),
        Caller = c.Object("caller", ReadCaller),
        Location = c.Object("location", l => LocationPart.Read(l, provenance)),
        Qualification = c.Object("qualification", q => QualificationPart.Read(q, provenance)),
        CallTaker = c.Object("callTaker", t => new CallTaker
        {
            Organization = t.String("organization"),
            ControlRoom = t.String("controlRoom"),
            Role = t.String("role"),
            Contact = t.Object("calltakerContact", ReadContact),
            CallTakerId = t.String("calltakerId"),
        }),
        Attachments = c.Objects("attachment", a => new Attachment
        {
            Description = a.String("description"),
            MimeType = a.String("mimeType"),
            Size = a.Integer("size"),
            Uri = a.RequiredString("URI"),
            DerefUri = a.String("derefURI"),
            Digest = a.String("digest"),
        }),
        Provenance = provenance,
    };

    public static void Write(PayloadBuilder b, Alert alert) => b
        .String("id", alert.Id)
        .Time("reception", alert.ReceivedAt)
        .String("reporting", alert.Reporting)
        .Objects("notes", alert.Notes, (n, note) => n.Time("creation", note.CreatedAt).String("freetext", note.Text))
        .Object("caller", alert.Caller, WriteCaller)
        .Object("location", alert.Location, LocationPart.Write)
        .Object("qualification", alert.Qualification, QualificationPart.Write)
        .Object("callTaker", alert.CallTaker, (t, taker) => t
            .String("organization", taker.Organization)
            .String("controlRoom", taker.ControlRoom)
            .String("role", taker.Role)
            .Object("calltakerContact", taker.Contact, WriteContact)
            .String("calltakerId", taker.CallTakerId))
        .Objects("attachment", alert.Attachments, (a, attachment) => a
            .String("description", attachment.Description)
            .String("mimeType", attachment.MimeType)
            .Integer("size", attachment.Size)
            .String("URI", attachment.Uri)
            .String("derefURI", attachment.DerefUri)
            .String("digest", attachment.Digest));

    private static Caller ReadCaller(PayloadCursor c) => new()
    {
        Contact = c.Object("callerContact", ReadContact),
        CallbackContact = c.Object("callbackContact", ReadContact),
        Language = c.String("language"),
        Type = c.String("type"),
        Communication = c.String("communication"),
        FreeText = c.String("freetext"),
        Name = c.Object("detailedName", n => new PersonName { Complete = n.String("complete"), LastName = n.String("lastName"), FirstName = n.String("firstName") }),
    };

    private static void WriteCaller(PayloadBuilder b, Caller caller) => b
        .Object("callerContact", caller.Contact, WriteContact)
        .Object("callbackContact", caller.CallbackContact, WriteContact)
        .String("language", caller.Language)
        .String("type", caller.Type)
        .String("communication", caller.Communication)
        .String("freetext", caller.FreeText)
        .Object("detailedName", caller.Name, (n, name) => n.String("complete", name.Complete).String("lastName", name.LastName).String("firstName", name.FirstName));

    private static Contact ReadContact(PayloadCursor c) => new() { Channel = c.String("channel"), Type = c.String("type"), Detail = c.String("detail") };

    private static void WriteContact(PayloadBuilder b, Contact contact) =>
        b.String("channel", contact.Channel).String("type", contact.Type).String("detail", contact.Detail);
}
