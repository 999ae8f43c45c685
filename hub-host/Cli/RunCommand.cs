using System.CommandLine;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary><c>mcic2 run</c>: the hub's main job — the host with health, validation and conversion endpoints.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("run", "Run the hub host (embedded default: nothing but the .NET SDK needed)") { urls };
        command.SetAction(async (parse, cancel) =>
        {
            var app = HubHostBuilder.Build(["--urls", parse.GetValue(urls)!]);
            await app.RunAsync(cancel);
            return 0;
        });
        return command;
    }
}
