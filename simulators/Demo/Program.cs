using System.Globalization;
using MCIC2.Interop.Simulators.Demo;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;

// dotnet run --project simulators/Demo [-- --scenario NAME ... --speed N --urls URL --data DIR --exit --Hub:KEY VALUE]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
try
{
    return await DemoRun.RunAsync(DemoOptions.Parse(args), Console.Out, CancellationToken.None);
}
catch (Exception e) when (e is FormatException or ScenarioException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
