using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.HubHost.Http;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>
/// <c>mcic2 hubex status</c>: the health of a running hub's AMQP links. <c>mcic2 hubex definitions</c>: the RabbitMQ definitions (users without password, their permissions, the topology)
/// of the HubEx clients of the rules, for <c>rabbitmqctl import_definitions</c>: AMQP cannot create users, so the
/// broker's operator loads them (additive, re-runnable). Settings as the host's: <c>--Hub:Rules FILE</c>, <c>--Hub:HubEx:*</c>.
/// </summary>
internal static class HubExCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var definitions = new Command("definitions", "Print the RabbitMQ definitions of the HubEx clients of the rules (rabbitmqctl import_definitions FILE)");
        definitions.TreatUnmatchedTokensAsErrors = false;
        definitions.SetAction(parse =>
        {
            try
            {
                var settings = HubSettings.From(parse.UnmatchedTokens);
                var options = HubExServices.OptionsFrom(settings) ?? throw new OperatorException("no HubEx settings: give at least --Hub:HubEx:Host HOST (and the others of Hub:HubEx)");
                var links = PartnerLinkServices.Default(new Adapters.HubEx.Sending.HubExChannel(options, TimeProvider.System));
                var rules = settings["Hub:Rules"] is { Length: > 0 } file ? RuleSetLoader.LoadFile(file, links) : RuleSetLoader.LoadDefault(links);
                if (rules.Rules is not { } loaded) throw new OperatorException(string.Join(Environment.NewLine, rules.Problems));
                stdout.WriteLine(HubExDefinitions.For(options, HubExServices.ClientsOf(loaded)).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            catch (OperatorException e)
            {
                stderr.WriteLine(e.Message);
                return 2;
            }
        });
        return new Command("hubex", "The hub as the police HubEx (AMQP) and as a client of its peers") { definitions, Status(stdout, stderr) };
    }

    /// <summary><c>mcic2 hubex status [--url URL]</c>: asks a running hub for its links' health (<c>GET /health/links</c>)
    /// and prints one aligned line per link. Exit 0 every link connected, 1 one is not, 2 no hub answers.</summary>
    private static Command Status(TextWriter stdout, TextWriter stderr)
    {
        var url = new Option<string>("--url") { Description = "the running hub", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var command = new Command("status", "Print the health of the hub's AMQP links: its own HubEx and each peer HubEx (connected, last exchange, backlog, confirm latency)") { url };
        command.SetAction(async (parse, cancel) =>
        {
            var hub = parse.GetValue(url)!;
            LinkReport[] reports;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                reports = await http.GetFromJsonAsync<LinkReport[]>(new Uri(new Uri(hub), LinkHealthEndpoints.Path), cancel) ?? [];
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or UriFormatException)
            {
                stderr.WriteLine($"no hub answers at {hub}: {e.Message}");
                return 2;
            }
            if (reports.Length == 0)
            {
                stdout.WriteLine("no AMQP links (neither Hub:HubEx nor Hub:Peers is set)");
                return 0;
            }
            TextTable.Write(stdout, ["LINK", "CHANNEL", "CONNECTED", "LAST SENT", "LAST RECEIVED", "CONFIRM", "BACKLOG", "PEER", "PROBLEM"],
                reports.Select(r => new[]
                {
                    r.Link, r.Channel, r.Connected ? "yes" : "no", At(r.LastSentAt), At(r.LastReceivedAt),
                    r.ConfirmLatencyMs is { } ms ? $"{ms:0.#} ms" : "-", $"{r.Backlog}", r.Peer,
                    TextTable.OneLine(string.Join("; ", new[] { r.LastProblem, r.LastRefusal is null ? null : $"last refusal: {r.LastRefusal}" }.OfType<string>())),
                }));
            return reports.All(r => r.Connected) ? 0 : 1;
        });
        return command;
    }

    private static string At(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) ?? "-";
}
