using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MCIC2.Interop.HubHost;
using MCIC2.Interop.Tests.Support;
using Microsoft.AspNetCore.Builder;

namespace MCIC2.Interop.Tests.Host;

/// <summary>The host the README's run command starts, on a free loopback port, over real HTTP.</summary>
[TestClass]
public sealed class When_a_partner_posts_to_the_hub_host
{
    private static WebApplication _app = null!;
    private static HttpClient _http = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        _app = HubHostBuilder.Build(["--urls", "http://127.0.0.1:0", .. TestClock.HubSettings]);
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()) };
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        _http.Dispose();
        await _app.DisposeAsync();
    }

    [TestMethod]
    public async Task Health_answers_healthy()
    {
        var response = await _http.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual("Healthy", await response.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task A_valid_case_is_reported_valid_with_its_family()
    {
        var response = await _http.PostAsync(new Uri("/validate", UriKind.Relative), Body(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.xml")));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.AreEqual("RC-EDA", body!["family"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task An_invalid_message_is_answered_400_with_its_code_and_every_path()
    {
        var response = await _http.PostAsync(new Uri("/validate", UriKind.Relative), Body(Path.Combine("sample", "failing", "EDXL-DE", "multiple-errors-in-content.json")));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.AreEqual(300, body!["code"]!.GetValue<int>());
        Assert.AreEqual("INVALID_MESSAGE", body["status"]!.GetValue<string>());
        Assert.IsGreaterThan(1, body["problems"]!.AsArray().Count);
    }

    [TestMethod]
    public async Task Convert_translates_a_case_into_EMSI_XML()
    {
        var response = await _http.PostAsync(new Uri("/convert?to=xml&family=emsi", UriKind.Relative), Body(Path.Combine("examples", "RC-EDA", "RC-EDA_Incendie_RaymondeLECCIA.01.json")));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
        Assert.AreEqual("application/xml", response.Content.Headers.ContentType!.MediaType);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "<MAIN_EVENT_ID>fr.fire.CGA_national.SC-20240813-CGA_national-AT517</MAIN_EVENT_ID>");
    }

    [TestMethod]
    public async Task An_oversized_body_is_refused_without_being_read_whole()
    {
        var response = await _http.PostAsync(new Uri("/validate", UriKind.Relative), new ByteArrayContent(new byte[5 * 1024 * 1024]));

        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private static ByteArrayContent Body(string corpusFile) => new(Corpus.Bytes(corpusFile));
}
