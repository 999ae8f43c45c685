using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.CanonicalModel.CodeLists;
using MCIC2.Interop.CanonicalModel.Incidents;
using MCIC2.Interop.CanonicalModel.Messages;

namespace MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;

/// <summary>
/// Completes an RC-EDA case written from a message of another family — an EMSI from NexSIS or a CORG, for a partner
/// that speaks RC-EDA only. Each field RC-EDA requires and the model left empty is derived from what the message
/// carries (the nature from the EMSI event type, see <see cref="EmsiNature"/>); what RC-EDA has no field for becomes
/// lines of its free text (<see cref="UncarriedInRcEda"/>). Deterministic: no clock, no random.
/// </summary>
internal static class CaseTranslation
{
    /// <summary>EMSI says nothing of how precise its coordinates are.</summary>
    public const string UnknownPrecision = "INCONNUE";

    /// <summary>The country when neither the case nor its origin names one: the hub's partners are French services.</summary>
    public const string DefaultCountry = "FR";

    private const string Countries = "ISO_3166-ISO3166-2";

    public static void Complete(JsonObject createCase, CanonicalMessage message)
    {
        var incident = message.Incident!;
        var emsi = incident.Preserved.GetValueOrDefault(MessageFamilies.Emsi) as JsonObject;
        var origin = emsi?["CONTEXT"]?["ORIGIN"]?["ORG_ID"]?.GetValue<string>() ?? message.Distribution?.SenderId;
        var caseId = SetIfAbsent(createCase, "caseId", SharedCaseId(incident, origin));
        SetIfAbsent(createCase, "senderCaseId", incident.Identity.EmsiEventId);
        var creation = SetIfAbsent(createCase, "creation", Creation(emsi, message.Distribution));

        var qualification = Child(createCase, "qualification");
        if (!qualification.ContainsKey("whatsHappen"))
        {
            var nature = EmsiNature.Of(emsi?["EVENT"]?["ETYPE"]);
            qualification["whatsHappen"] = new JsonObject { ["code"] = nature.Code, ["label"] = nature.Label };
        }

        var location = Child(createCase, "location");
        SetIfAbsent(location, "locID", $"{incident.Identity.EmsiEventId ?? caseId}.lieu");
        SetIfAbsent(location, "country", CountryOf(origin));
        if (location["geometry"] is JsonObject geometry)
        {
            SetIfAbsent(geometry, "datetime", creation);
            if (geometry["point"]?["coord"] is JsonObject coord) SetIfAbsent(coord, "precision", UnknownPrecision);
        }

        var lines = UncarriedInRcEda.Lines(incident);
        if (lines.Count == 0) return;
        var freetext = createCase["freetext"] as JsonArray ?? [];
        foreach (var line in lines) freetext.Add(line);
        createCase["freetext"] = freetext;
    }

    /// <summary>An EMSI without <c>MAIN_EVENT_ID</c> gets the caseId RC-EDA prescribes to whoever creates the case,
    /// <c>{pays}.{domaine}.{organisation}.{senderCaseId}</c>: its origin's id, then its event id.</summary>
    private static string? SharedCaseId(Incident incident, string? origin) =>
        origin is not null && incident.Identity.EmsiEventId is { } eventId ? $"{origin}.{eventId}" : null;

    /// <summary>A case without a declaration time (EMSI <c>DECL_DATIME</c> is optional) was created, as far as the
    /// hub knows, when the EMSI message was (<c>CONTEXT.CREATION</c>), else when it was sent.</summary>
    private static string? Creation(JsonObject? emsi, CanonicalModel.Messages.Distribution? distribution) =>
        emsi?["CONTEXT"]?["CREATION"]?.GetValue<string>() ?? (distribution?.SentAt is { } sent ? CisuTime.Format(sent) : null);

    /// <summary>CISU addresses start with the country (<c>fr.health.samu690</c>); a prefix that is no ISO 3166
    /// country, or no origin at all, gives <see cref="DefaultCountry"/>.</summary>
    private static string CountryOf(string? origin)
    {
        var prefix = origin?.Split('.')[0].ToUpperInvariant();
        return prefix is not null && Nomenclatures.Get(Countries).Contains(prefix) ? prefix : DefaultCountry;
    }

    private static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child) return child;
        child = [];
        parent[name] = child;
        return child;
    }

    /// <summary>Sets <paramref name="name"/> when absent (never to null); returns the value it then has.</summary>
    private static string? SetIfAbsent(JsonObject node, string name, string? value)
    {
        if (node[name] is JsonValue present) return present.GetValue<string>();
        if (value is not null) node[name] = value;
        return value;
    }
}
