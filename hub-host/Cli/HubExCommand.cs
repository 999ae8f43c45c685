using System.CommandLine;
using System.Text.Json;
using MCIC2.Interop.Adapters.HubEx.Topology;
using MCIC2.Interop.HubHost.Links;
using MCIC2.Interop.Routing.Rules;

namespace MCIC2.Interop.HubHost.Cli;

/// <summary>
/// <c>mcic2 hubex definitions</c>: the RabbitMQ definitions (users without password, their permissions, the topology)
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
        return new Command("hubex", "The hub as the police HubEx (AMQP)") { definitions };
    }
}
