using System.Globalization;
using MCIC2.Interop.HubHost.Cli;

// ICU is loaded (SqlClient needs it, see the project file), the machine's locale is not followed: the same culture as
// the invariant globalization mode the rest of the solution builds with.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

// `mcic2` — the hub's executable: `run` starts the hub host, the other commands work on files.
return await MainCommand.InvokeAsync(args, Console.OpenStandardInput(), Console.Out, Console.Error);

/// <summary>Visible to the host tests (WebApplicationFactory).</summary>
public partial class Program;
