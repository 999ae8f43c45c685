using System.Data.Common;
using MCIC2.Interop.HubHost.Profiles;
using MCIC2.Interop.HubHost.Routing;
using MCIC2.Interop.Routing.Storage;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>A mistake of the operator's (a wrong setting, an unknown id): its message is all they need to see.</summary>
internal sealed class OperatorException(string message) : Exception(message);

/// <summary>
/// The hub's configuration for the commands that work on its store: the same keys as the host, from the command
/// line (<c>--Hub:Profile postgres</c>, <c>--Hub:DataDirectory=/var/lib/mcic2</c>) over the environment
/// (<c>Hub__Profile</c>, <c>Hub__Postgres</c>).
/// </summary>
internal static class HubSettings
{
    public const string Help =
        "Hub settings as for the host: --Hub:Profile embedded|postgres|kafka, --Hub:DataDirectory DIR (embedded, default data), " +
        "--Hub:Postgres CONNECTION (postgres, kafka), or the environment variables Hub__Profile, Hub__DataDirectory, Hub__Postgres.";

    /// <summary>The configuration from the command's leftover arguments, which must all be <c>--Hub:KEY VALUE</c> or <c>--Hub:KEY=VALUE</c>.</summary>
    public static IConfiguration From(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            if (!argument.StartsWith("--Hub:", StringComparison.OrdinalIgnoreCase))
                throw new OperatorException($"unknown argument '{argument}' (besides the command's options, only hub settings are accepted: --Hub:KEY VALUE)");
            if (!argument.Contains('=', StringComparison.Ordinal) && ++i >= arguments.Count)
                throw new OperatorException($"{argument} needs a value");
        }
        return new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine([.. arguments]).Build();
    }

    /// <summary>Runs <paramref name="work"/> on the store the settings in <paramref name="arguments"/> name; an operator's
    /// mistake (a wrong setting, an unknown id) or an unreachable store is one line on <paramref name="stderr"/> and exit 2.</summary>
    public static async Task<int> OnStoreAsync(IReadOnlyList<string> arguments, TextWriter stderr, Func<IConfiguration, SqlHubStore, Task<int>> work)
    {
        try
        {
            var settings = From(arguments);
            return await work(settings, OpenStore(settings));
        }
        catch (Exception e) when (e is OperatorException or InvalidOperationException)
        {
            stderr.WriteLine(e.Message);
            return 2;
        }
        catch (DbException e)
        {
            stderr.WriteLine($"cannot work on the hub store: {e.Message}");
            return 2;
        }
    }

    /// <summary>The store the hub of this configuration runs on (the host's own choice, <see cref="RoutingServices.HubStoreOf"/>).
    /// An embedded store must already exist: a wrong data directory must not look like a hub without dead letters.</summary>
    public static SqlHubStore OpenStore(IConfiguration configuration)
    {
        var hub = configuration.GetSection("Hub");
        var profile = HubProfile.From(configuration);
        if (profile is EmbeddedProfile && RoutingServices.SqliteFileOf(hub) is var file && !File.Exists(file))
            throw new OperatorException($"no hub database at {file}: is Hub:DataDirectory the one the hub runs with?");
        return RoutingServices.HubStoreOf(hub, profile);
    }
}
