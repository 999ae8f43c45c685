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
}
