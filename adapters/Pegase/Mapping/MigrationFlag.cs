namespace MCIC2.Interop.Adapters.Pegase.Mapping;

/// <summary>What the migration decided or corrected on a fiche it migrated. Each is written on the incident as a
/// custom detail with key <see cref="FicheMapper.FlagKey"/>, the flag's name as value and the detail as free text.</summary>
public enum MigrationFlag
{
    AmbiguousAutumnHour,
    MissingSpringHour,
    NoCoordinates,
    CoordinatesOutOfRange,
    CoordinateSystemInferred,
    PostalCodeAsInsee,
    MergedCommune,
    TextRepaired,
    PossiblyTruncated,
    UnmappedNature,
    UnknownCallTaker,

    /// <summary>An intervention's id_equipage names no equipage: a resource without a call sign.</summary>
    UnknownCrew,

    /// <summary>The intervention's crew has no vehicle (or names one that does not exist): no vehicle, no position.</summary>
    CrewWithoutVehicle,

    /// <summary>An intervention's arrival before its request, or end before its arrival: kept as given.</summary>
    InterventionTimesOutOfOrder,

    /// <summary>A person's qualite is none of V, T, M: an involved person of unknown role.</summary>
    UnknownPersonRole,

    /// <summary>A person's date_naissance before 1901 (the 1900-01-01 default) or after the call: dropped.</summary>
    ImpossibleBirthDate,
}
