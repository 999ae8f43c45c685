using MCIC2.Interop.CanonicalModel.Incidents;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;

/// <summary>
/// What EMSI has no field for (qualification codes, caller, call taker, alert notes, address and access
/// details...), written as readable French lines for <c>EVENT.FREETEXT</c> when a case read from another family
/// is translated: a partner operator reads them, nothing is dropped silently.
/// </summary>
public static class UncarriedDetails
{
    public static List<string> Lines(Incident incident)
    {
        var lines = new List<string>();
        Qualification(lines, "", incident.Qualification);
        Location(lines, "", incident.Location);
        foreach (var detail in incident.CustomDetails.Where(d => !EmsiDetails.IsEmsiField(d.Key)))
        {
            Add(lines, $"{detail.Label ?? detail.Key} : {detail.Value}", detail.FreeText);
        }
        foreach (var alert in incident.Alerts) Alert(lines, alert, incident);
        return lines;
    }

    private static void Qualification(List<string> lines, string prefix, Qualification? qualification)
    {
        if (qualification is null) return;
        Add(lines, $"{prefix}Nature de fait : {Coded(qualification.Nature)}", null, qualification.Nature is not null);
        Add(lines, $"{prefix}Type de lieu : {Coded(qualification.LocationKind)}", null, qualification.LocationKind is not null);
        Add(lines, $"{prefix}Motif de recours médical : {Coded(qualification.HealthMotive)}", null, qualification.HealthMotive is not null);
        if (qualification.Risks.Count > 0) lines.Add($"{prefix}Risques : {string.Join(" ; ", qualification.Risks.Select(Coded))}");
        if (qualification.Victims is { } victims)
        {
            lines.Add($"{prefix}Victimes : " + Join(
                victims.Count is null ? null : $"nombre {victims.Count}",
                victims.MainVictim is null ? null : $"victime principale {victims.MainVictim}",
                victims.FreeText));
        }
    }

    private static void Location(List<string> lines, string prefix, IncidentLocation? location)
    {
        if (location is null) return;
        Add(lines, $"{prefix}Lieu : {location.Label}", null, location.Label is not null);
        if (location.Address is { } address)
        {
            Add(lines, $"{prefix}Adresse : " + $"{address.Number} {address.Way?.Complete ?? address.Complete}".Trim(), null,
                address.Number is not null || address.Way is not null || address.Complete is not null);
        }
        if (location.Commune is { } commune)
        {
            lines.Add($"{prefix}Commune : " + Join(commune.Name, commune.InseeCode is null ? null : $"INSEE {commune.InseeCode}", commune.Detail));
        }
        Add(lines, $"{prefix}Pays : {location.Country}", null, location.Country is not null);
        if (location.Point?.Precision is { } precision) lines.Add($"{prefix}Précision de la position : {precision}");
        if (location.Access is { } access)
        {
            lines.Add($"{prefix}Accès : " + Join(
                Labelled("bâtiment", access.BuildingName), Labelled("entrée", access.Entrance), Labelled("étage", access.Floor),
                Labelled("porte", access.RoomNumber), Labelled("interphone", access.Interphone),
                access.AccessCodes.Count == 0 ? null : $"codes {string.Join(", ", access.AccessCodes)}",
                Labelled("ascenseur", access.Elevator), Labelled("entité", access.Entity), Labelled("téléphone", access.PhoneNumber)));
        }
        foreach (var id in location.ExternalIds) lines.Add($"{prefix}Identifiant du lieu ({id.Source}) : {id.Value}");
        foreach (var info in location.ExternalInfo) lines.Add($"{prefix}Information ({info.Type}) : " + Join(info.FreeText, info.Uri));
        Add(lines, $"{prefix}Croquis : {location.Sketch}", null, location.Sketch is not null);
    }

    private static void Alert(List<string> lines, Alert alert, Incident incident)
    {
        lines.Add($"Alerte {alert.Id}" + (alert.ReceivedAt is { } at ? $" reçue le {CisuTime.Format(at)}" : "")
            + (alert.Reporting is { } reporting ? $" (signalement {reporting})" : ""));
        if (alert.Caller is { } caller)
        {
            lines.Add("Appelant : " + Join(
                caller.Name?.Complete ?? Join(caller.Name?.FirstName, caller.Name?.LastName),
                Labelled("type", caller.Type),
                caller.Contact is { } c ? $"contact {Contact(c)}" : null,
                caller.CallbackContact is { } cb ? $"rappel {Contact(cb)}" : null,
                Labelled("langue", caller.Language), Labelled("communication", caller.Communication), caller.FreeText));
        }
        if (alert.CallTaker is { } taker)
        {
            lines.Add("Opérateur : " + Join(taker.Organization, Labelled("salle", taker.ControlRoom), Labelled("rôle", taker.Role),
                Labelled("identifiant", taker.CallTakerId), taker.Contact is { } c ? $"contact {Contact(c)}" : null));
        }
        foreach (var note in alert.Notes)
        {
            lines.Add("Note" + (note.CreatedAt is { } noted ? $" du {CisuTime.Format(noted)}" : "") + $" : {note.Text}");
        }
        foreach (var attachment in alert.Attachments)
        {
            lines.Add("Pièce jointe : " + Join(attachment.Description, attachment.MimeType, attachment.Uri));
        }
        // The alert's own place and qualification are written only where they say something the case does not.
        if (alert.Location is { } location && !SamePlace(location, incident.Location)) Location(lines, "Lieu de l'alerte - ", location);
        if (alert.Qualification is { } qualification && qualification.Nature?.Code != incident.Qualification?.Nature?.Code)
        {
            Qualification(lines, "Qualification de l'alerte - ", qualification);
        }
    }

    private static bool SamePlace(IncidentLocation alert, IncidentLocation? incident) =>
        incident is not null && alert.Point?.Latitude == incident.Point?.Latitude && alert.Point?.Longitude == incident.Point?.Longitude
        && alert.Commune?.InseeCode == incident.Commune?.InseeCode;

    private static string Coded(CodedValue? value) =>
        value is null ? "" : value.Label is null ? value.Code : $"{value.Code} - {value.Label}";

    private static string Contact(Contact contact) => Join(contact.Type, contact.Detail, contact.Channel);

    internal static string? Labelled(string label, string? value) => value is null ? null : $"{label} {value}";

    internal static string Join(params string?[] parts) => string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static void Add(List<string> lines, string line, string? more, bool when = true)
    {
        if (when) lines.Add(more is null ? line : $"{line} ({more})");
    }
}
