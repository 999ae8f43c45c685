namespace MCIC2.Interop.Routing.Partners;

/// <summary>A partner as the rules file lists it: the partner and the départements it serves.</summary>
public sealed record PartnerListing(Partner Partner, IReadOnlyList<string> Departments);

/// <summary>
/// The partners the hub knows, by id (EDXL ids compare without case: <c>FR.FIRE.SDIS35</c> is <c>fr.fire.sdis35</c>)
/// and by kind and département (the SDIS of Ille-et-Vilaine). Immutable: a new rules file makes a new directory.
/// </summary>
public sealed class PartnerDirectory
{
    private readonly Dictionary<string, PartnerListing> _byId;

    /// <exception cref="ArgumentException">Two listings share an id.</exception>
    public PartnerDirectory(IEnumerable<PartnerListing> listings)
    {
        Listings = listings.ToList();
        _byId = Listings.ToDictionary(l => l.Partner.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<PartnerListing> Listings { get; }

    public Partner? Find(string id) => _byId.GetValueOrDefault(id)?.Partner;

    /// <summary>The partners of <paramref name="kind"/> serving <paramref name="department"/>, in file order.</summary>
    public IReadOnlyList<Partner> Serving(PartnerKind kind, string department) =>
        Listings.Where(l => l.Partner.Kind == kind && l.Departments.Contains(department, StringComparer.Ordinal))
            .Select(l => l.Partner)
            .ToList();

    public static bool SameId(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
