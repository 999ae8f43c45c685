using System.Text;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.Routing.Storage;
using MCIC2.Interop.Simulators.PartnerActors.Timeline;
using MCIC2.Interop.Simulators.PartnerActors.Transport;
using MCIC2.Interop.Tests.Scenarios;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;

namespace MCIC2.Interop.Tests.WebConsole;

/// <summary>
/// The console the host serves at /console/, in headless Chromium (Debian's, driven by Playwright), over a hub that
/// played a scenario while the SAMU refused what it was sent: the operator finds the incident, follows it to its
/// timeline and map, corrects the dead letter and replays it, and sees it delivered.
/// </summary>
[TestClass]
public sealed class When_an_operator_uses_the_web_console
{
    private const string Samu = "fr.health.samu35";

    [TestMethod]
    public async Task It_finds_a_scenario_incident_follows_it_to_its_timeline_and_map_then_edits_and_replays_a_dead_letter_until_delivered()
    {
        // The replay is sent at the next outbox poll: a short one, so the browser sees it delivered soon.
        await using var hub = await HubUnderTest.StartAsync(null, "--Hub:Delivery:IdlePoll", "00:00:00.500");
        hub.Partners.SetRefusing(Samu, true);
        var store = hub.App.Services.GetRequiredService<IHubStore>();
        var player = new ScenarioPlayer(ScenarioFile.Load(ScenarioRun.Shipped("house-fire")), hub.Http, hub.Partners, new FakeTimeProvider(TestClock.Now()),
            new PlayerOptions
            {
                QuietPeriod = TimeSpan.FromMilliseconds(100), HubIdle = async ct => (await store.Outbox.QueuesWithPendingAsync(ct)).Count == 0,
                Links = new PartnerEndpointOutages(hub.Partners), // house-fire cuts the SAMU's link for a while
            });
        await player.PlayAsync();
        var caseId = player.CaseIds["house-fire"];
        var sql = hub.App.Services.GetRequiredService<SqlHubStore>();
        var deadLetter = (await sql.Outbox.OfIncidentAsync(caseId)).First(d => d.State == DeliveryState.DeadLettered && d.Delivery.PartnerId == Samu);
        hub.Partners.SetRefusing(Samu, false);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.Path, Headless = true });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = hub.Http.BaseAddress!.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);

        // The list of incidents: the scenario's case, its nature in French, and the development mode said.
        await page.GotoAsync("/console/");
        var row = page.Locator("tr", new PageLocatorOptions { HasText = caseId });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("Incendie");
        await Assertions.Expect(page.Locator("#development")).ToBeVisibleAsync();
        await Screenshots.TakeAsync(page, "incidents");

        // Its page: the timeline of its messages with each recipient's delivery, the dead letter among them, and the map.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("fr.fire.sdis35");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("lettre morte");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync("remis");
        await Assertions.Expect(page.Locator("svg.map circle.incident")).ToHaveCountAsync(1);
        await Screenshots.TakeAsync(page, "incident");

        await page.GotoAsync("/console/#/carte");
        await Assertions.Expect(page.Locator("svg.map circle.incident")).Not.ToHaveCountAsync(0);
        await Screenshots.TakeAsync(page, "map");

        // The dead letters: the SAMU's, corrected (its free text) and replayed.
        await page.GotoAsync("/console/#/lettres-mortes");
        await page.Locator("#dead-letters").GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = $"{deadLetter.Sequence}", Exact = true }).ClickAsync();
        var body = page.Locator("textarea#body");
        await Assertions.Expect(body).ToContainTextAsync(caseId);
        await Screenshots.TakeAsync(page, "dead-letter");
        var original = await body.InputValueAsync();
        StringAssert.Contains(original, "Fumée dans une maison");
        await body.FillAsync(original.Replace("Fumée dans une maison", "Fumée épaisse dans une maison", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Corriger et rejouer" }).ClickAsync();
        await Assertions.Expect(page.Locator("#outcome")).ToContainTextAsync($"{deadLetter.Delivery.DeliveryId}.replay-1");

        // Delivered: the SAMU received the corrected bytes, and the incident's timeline says so.
        var delivered = await hub.WaitForAsync(l => l.Of(Samu).Any(r => r.DeliveryId == $"{deadLetter.Delivery.DeliveryId}.replay-1"));
        StringAssert.Contains(Encoding.UTF8.GetString(delivered.Of(Samu).Single(r => r.DeliveryId.EndsWith(".replay-1", StringComparison.Ordinal)).Body), "Fumée épaisse dans une maison");
        await page.GotoAsync($"/console/#/incidents/{Uri.EscapeDataString(caseId)}");
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"{Samu} : remis");

        await page.GotoAsync("/console/#/partenaires");
        await Assertions.Expect(page.Locator("#partners")).ToContainTextAsync("SAMU");
        await Screenshots.TakeAsync(page, "partners");
        Assert.AreEqual(0, problems.Count, string.Join("\n", problems));
    }

    /// <summary>Where Debian's chromium is (the test command installs it: scripts/services/start).</summary>
    private static class Chromium
    {
        public static string Path => Environment.GetEnvironmentVariable("MCIC2_TEST_CHROMIUM") is { Length: > 0 } path ? path
            : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
            : throw new AssertFailedException("MCIC2_TEST_CHROMIUM is not set and /usr/bin/chromium does not exist: run the tests with ./scripts/test (it installs Debian's chromium)");
    }

    /// <summary>With MCIC2_CONSOLE_SCREENSHOTS=DIR, each page is saved as DIR/NAME.png (docs/console.md's pictures).</summary>
    private static class Screenshots
    {
        public static async Task TakeAsync(IPage page, string name)
        {
            if (Environment.GetEnvironmentVariable("MCIC2_CONSOLE_SCREENSHOTS") is not { Length: > 0 } directory) return;
            Directory.CreateDirectory(directory);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(directory, $"{name}.png"), FullPage = true });
        }
    }
}
