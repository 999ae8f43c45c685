using System.CommandLine;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary><c>mcic2 run</c>: the hub's main job — intake, routing, delivery, plus health, validation and conversion.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter stderr)
    {
        var urls = new Option<string>("--urls") { Description = "where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("run", $"Run the hub (embedded default: nothing but the .NET SDK needed). {HubSettings.Help} Also --Hub:Rules FILE.") { urls };
        // The hub settings (--Hub:KEY VALUE) are not options of the command: they go to the host's configuration.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancel) =>
        {
            try
            {
                HubSettings.From(parse.UnmatchedTokens); // refuses anything that is not a hub setting, with a clear line
            }
            catch (OperatorException e)
            {
                stderr.WriteLine(e.Message);
                return 2;
            }
            var app = HubHostBuilder.Build(["--urls", parse.GetValue(urls)!, .. parse.UnmatchedTokens]);
            await app.RunAsync(cancel);
            return 0;
        });
        return command;
    }
}
