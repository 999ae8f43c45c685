using MCIC2.Interop.Adapters.Cisu.Mapping.Acknowledgements;
using MCIC2.Interop.Adapters.Cisu.Mapping.CaseCreation;
using MCIC2.Interop.Adapters.Cisu.Mapping.Emsi;
using MCIC2.Interop.Adapters.Cisu.Mapping.Geolocation;
using MCIC2.Interop.Adapters.Cisu.Mapping.Resources;

namespace MCIC2.Interop.Adapters.Cisu.Mapping;

/// <summary>The mapper of each family; families the hub does not interpret are carried whole.</summary>
public static class CisuMappers
{
    private static readonly Dictionary<string, IPayloadMapper> Interpreted = new IPayloadMapper[]
    {
        new CaseCreationMapper(),
        new ResourcesInfoMapper(),
        new ReferenceMapper(),
        new EmsiMapper(),
        new ErrorReportMapper(),
        new GeoPositionsMapper(),
        new GeoRequestMapper(),
        new GeoResourcesMapper(),
    }.ToDictionary(m => m.Family, StringComparer.Ordinal);

    public static bool Interprets(string family) => Interpreted.ContainsKey(family);

    public static IPayloadMapper For(string family) => Interpreted.GetValueOrDefault(family) ?? new CarriedPayloadMapper(family);
}
