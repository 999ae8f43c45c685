using System.Text.Json.Nodes;
using MCIC2.Interop.Adapters.PegaseSoap.Contract;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.Simulators.PegaseCentre;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;
using MCIC2.Interop.Routing.Delivery;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Adapters.PegaseSoap;

/// <summary>
/// A hub (embedded store in its own directory, restartable on it), the recording partner for the SDIS, SAMU and
/// forces, and a Pégase centre simulator on both SOAP sides, named in the rules as <see cref="PartnerId"/>.
/// </summary>
public sealed class PegaseBridge : IAsyncDisposable
{
    public const string PartnerId = "fr.police.pegase.cic35";
    public const string PasserellePath = MCIC2.Interop.HubHost.Pegase.PegaseBridge.Path;

    private readonly TempDirectory _directory = new("mcic2-pegase-");
    private string _rules = "";

    public WebApplication Hub { get; private set; } = null!;
    public RecordingPartner Partners { get; private set; } = null!;
    public PegaseCentre Pegase { get; private set; } = null!;
    public Uri Passerelle => new(new Uri(Hub.Urls.First()), PasserellePath);
    public HttpClient Http { get; private set; } = null!;

    public static async Task<PegaseBridge> StartAsync()
    {
        var bridge = new PegaseBridge();
        bridge.Partners = await RecordingPartner.StartAsync();
        bridge.Pegase = await PegaseCentre.StartAsync();
        bridge._rules = HubUnderTest.WriteRules(bridge._directory.Path, bridge.Partners.BaseAddress);
        File.WriteAllText(bridge._rules, WithPegase(File.ReadAllText(bridge._rules), bridge.Pegase.ServiceAddress));
        await bridge.StartHubAsync();
        return bridge;
    }

    /// <summary>The rules with this Pégase as a CIC of 35, and a fire told to the SAMU too (a fiche counts no victims).</summary>
    private static string WithPegase(string rules, Uri service)
    {
        var json = JsonNode.Parse(rules)!;
        json["partners"]!.AsArray().Add(new JsonObject
        {
            ["id"] = PartnerId, ["kind"] = "cic", ["name"] = "Pégase CIC 35", ["departments"] = new JsonArray("35"),
            ["families"] = new JsonArray("RC-REF", "RS-ERROR", "RC-RI", "EMSI"),
            ["format"] = "pegase", ["channel"] = "pegase-soap", ["address"] = service.ToString(),
        });
        json["natureRules"]!.AsArray().Add(new JsonObject { ["id"] = "pegase-fire-samu", ["nature"] = "C04.00.00", ["services"] = new JsonArray("SAMU") });
        return json.ToJsonString();
    }

    public async Task StartHubAsync()
    {
        Hub = HubHostBuilder.Build(
            ["--urls", "http://127.0.0.1:0", "--Hub:DataDirectory", Path.Combine(_directory.Path, "data"), "--Hub:Rules", _rules,
             "--Hub:DrainTimeout", "00:00:01", .. TestClock.HubSettings],
            // Short retries: an outage of Pégase of a few seconds is retried within the test's patience.
            services => services.AddSingleton(new DeliveryOptions { MaxRetryDelay = TimeSpan.FromSeconds(2) }));
        await Hub.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(Hub.Urls.First()) };
    }

    public async Task StopHubAsync()
    {
        Http.Dispose();
        await Hub.DisposeAsync();
    }

    /// <summary>A fiche of CIC35 for a fire in Rennes, as Pégase reports it (local time, Lambert 93, Pégase's nature).</summary>
    public static Fiche Fire(string numero, TypeEvenement evenement = TypeEvenement.Creation, DateTimeOffset? at = null)
    {
        var local = DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(at ?? TestClock.Now(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime, DateTimeKind.Unspecified);
        return new Fiche
        {
            NumeroFiche = numero, Centre = "CIC35", Departement = "35", Evenement = evenement,
            DateAppel = local.AddMinutes(-10), DateMaj = local, Nature = "INCEND", Operateur = "OP0035",
            AppelantNom = "Requérant", AppelantTelephone = "0611223344", Adresse = "2 rue de la Monnaie",
            CommuneInsee = "35238", CommuneNom = "Rennes", CoordX = 351_900m, CoordY = 6_789_300m, Systeme = "L93",
            Observations = "Feu de cuisine au 2e étage",
        };
    }

    public async ValueTask DisposeAsync()
    {
        await StopHubAsync();
        await Pegase.DisposeAsync();
        await Partners.DisposeAsync();
        _directory.Dispose();
    }
}
