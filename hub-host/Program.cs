using MCIC2.Interop.HubHost.Cli;

// `mcic2` — the hub's executable: `run` starts the hub host, the other commands work on files.
return await MainCommand.InvokeAsync(args, Console.OpenStandardInput(), Console.Out, Console.Error);

/// <summary>Visible to the host tests (WebApplicationFactory).</summary>
public partial class Program;
