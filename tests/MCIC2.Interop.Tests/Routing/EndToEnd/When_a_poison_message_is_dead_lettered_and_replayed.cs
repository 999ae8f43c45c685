using MCIC2.Interop.Adapters.Fhir;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MCIC2.Interop.Adapters.Cisu;
using MCIC2.Interop.Adapters.Cisu.Format;
using MCIC2.Interop.CanonicalModel.Messages;
using MCIC2.Interop.HubHost.Cli;
using MCIC2.Interop.Routing.DeadLetters;
using MCIC2.Interop.Routing.Delivery;
using MCIC2.Interop.PartnerLinks.Formats;
using MCIC2.Interop.Simulators.RecordingPartner;
using MCIC2.Interop.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MCIC2.Interop.Tests.Routing.EndToEnd;

/// <summary>
/// The dead letters' whole path: the real hub gives up on a delivery (refused, or out of its few test attempts) or on
/// a message it cannot process, tells the sender (RS-ERROR 500 DEAD_LETTER_QUEUED), lists it in <c>mcic2 dlq list</c>,
/// and <c>mcic2 dlq replay</c> — another process in real life, the same data directory — has the running hub send it
/// again.
/// </summary>
[TestClass]
public sealed class When_a_poison_message_is_dead_lettered_and_replayed
{
    private const string Sender = "fr.fire.sdis35";
    private const string Samu = "fr.health.samu35";
    private const string Corg = "fr.gendarmerie.corg35";

    /// <summary>Retries in milliseconds, three attempts, and a worker poll short enough to find a replay at once.</summary>
    private static void ShortDelivery(IServiceCollection services) =>
        services.AddSingleton(new DeliveryOptions
        {
            ImmediateRetries = 1,
            FirstRetryDelay = TimeSpan.FromMilliseconds(50),
            MaxRetryDelay = TimeSpan.FromMilliseconds(100),
            MaxAttempts = 3,
            IdlePoll = TimeSpan.FromMilliseconds(200),
        });

    [TestMethod]
    public async Task A_refused_delivery_is_a_dead_letter_the_sender_hears_of_and_a_replay_delivers_it_once_the_partner_accepts()
    {
        await using var hub = await HubUnderTest.StartAsync(ShortDelivery);
        hub.Partners.SetRefusing(Samu, true);

        var response = await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, "fr.fire.sdis35_DLQ-1", TestClock.Now()));
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, await response.Content.ReadAsStringAsync());

        var ledger = await hub.WaitForAsync(l => l.Of(Corg).Count == 1 && ErrorsTo(l).Count == 1);
        var error = ErrorsTo(ledger).Single();
        Assert.AreEqual((500, "DEAD_LETTER_QUEUED"), (error.StatusCode, error.StatusString));
        Assert.AreEqual($"not delivered to {Samu}: refused (HTTP 422)", error.Cause);
        var deadLetter = await DeadLetterOfAsync(hub, Samu);
        Assert.AreEqual(("fr.fire.sdis35_DLQ-1@fr.health.samu35", "1", "refused: HTTP 422 UnprocessableEntity"), (deadLetter[1], deadLetter[5], deadLetter[6]));
        Assert.IsEmpty(hub.Partners.Ledger().Of(Samu));

        hub.Partners.SetRefusing(Samu, false);
        var replay = await Mcic2(hub, "dlq", "replay", "--id", deadLetter[0]);

        Assert.AreEqual(0, replay.ExitCode, replay.Stderr);
        StringAssert.StartsWith(replay.Stdout, $"replayed fr.fire.sdis35_DLQ-1@fr.health.samu35 to {Samu} as ");
        var delivered = await hub.WaitForAsync(l => l.Of(Samu).Count == 1);
        Assert.AreEqual("fr.fire.sdis35_DLQ-1@fr.health.samu35.replay-1", delivered.Of(Samu)[0].DeliveryId);
        Assert.AreEqual(MessageFamilies.CaseCreation, CisuCodec.Shared.Decode(delivered.Of(Samu)[0].Body).Message.Family, "the original message, as first translated for the SAMU");
        Assert.AreEqual("no dead letters", (await Mcic2(hub, "dlq", "list")).Stdout.Trim());
        Assert.HasCount(1, ErrorsTo(hub.Partners.Ledger()), "the replay is not reported again");
    }

    [TestMethod]
    public async Task A_delivery_out_of_attempts_is_a_dead_letter_and_replaying_its_partner_delivers_it_once_the_partner_is_back()
    {
        await using var hub = await HubUnderTest.StartAsync(ShortDelivery);
        hub.Partners.SetDown(Samu, true);

        await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, "fr.fire.sdis35_DLQ-2", TestClock.Now()));

        var error = ErrorsTo(await hub.WaitForAsync(l => ErrorsTo(l).Count == 1)).Single();
        Assert.AreEqual($"not delivered to {Samu}: out of attempts (3), last HTTP 503", error.Cause);
        var deadLetter = await DeadLetterOfAsync(hub, Samu);
        Assert.AreEqual(("3", "out of attempts (3): HTTP 503 ServiceUnavailable"), (deadLetter[5], deadLetter[6]));

        hub.Partners.SetDown(Samu, false);
        var replay = await Mcic2(hub, "dlq", "replay", "--partner", Samu);

        Assert.AreEqual(0, replay.ExitCode, replay.Stderr);
        var delivered = await hub.WaitForAsync(l => l.Of(Samu).Count == 1);
        Assert.AreEqual("fr.fire.sdis35_DLQ-2@fr.health.samu35.replay-1", delivered.Of(Samu)[0].DeliveryId);
    }

    [TestMethod]
    public async Task A_character_XML_cannot_carry_is_refused_at_intake_with_its_code_and_path()
    {
        await using var hub = await HubUnderTest.StartAsync(ShortDelivery);

        var response = await hub.PostAsync(Edited(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, "fr.fire.sdis35_NUL-1", TestClock.Now()), WithNul));

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["problems"]!.AsArray().Single()!;
        Assert.AreEqual((300, "$.content[0].jsonContent.embeddedJsonContent.message.createCase.initialAlert.caller.freetext"),
            (problem["code"]!.GetValue<int>(), problem["path"]!.GetValue<string>()));
    }

    [TestMethod]
    public async Task A_message_that_cannot_be_processed_holds_nobody_is_listed_its_sender_told_and_a_replay_once_fixed_delivers_it()
    {
        var defect = new DefectiveFormat(CisuFormat.Xml, "fr.fire.sdis35_POISON-1");
        await using var hub = await HubUnderTest.StartAsync(services =>
        {
            ShortDelivery(services);
            services.AddSingleton(new MessageFormats([CisuFormat.Json, defect, CanonicalJsonFormat.Instance, FhirFormat.Instance])); // the shipped rules name all four
        });
        var poison = Edited(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, "fr.fire.sdis35_POISON-1", TestClock.Now()),
            json => json.Replace("CGA_national-AT517", "CGA_national-AT999"));

        Assert.AreEqual(HttpStatusCode.Accepted, (await hub.PostAsync(poison)).StatusCode);
        await hub.PostAsync(PartnerMessages.Bytes(PartnerMessages.FireCase, Sender, "fr.fire.sdis35_AFTER-1", TestClock.Now()));

        var ledger = await hub.WaitForAsync(l => l.Of(Corg).Count == 1 && ErrorsTo(l).Count == 1);
        Assert.AreEqual("fr.fire.sdis35_AFTER-1@fr.gendarmerie.corg35", ledger.Of(Corg).Single().DeliveryId, "the next case went through");
        var error = ErrorsTo(ledger).Single();
        Assert.AreEqual((500, "fr.fire.sdis35_POISON-1", UnprocessedMessages.KeptForAnOperator), (error.StatusCode, error.ReferencedDistributionId, error.Cause));
        var deadLetter = await DeadLetterOfAsync(hub, UnprocessedMessages.QueueId);
        Assert.AreEqual(("fr.fire.sdis35_POISON-1@mcic2.routing", "fr.fire.CGA_national.SC-20240813-CGA_national-AT999", "not processed: ArgumentException"),
            (deadLetter[1], deadLetter[4], deadLetter[6]));

        defect.Fixed = true;
        var replay = await Mcic2(hub, "dlq", "replay", "--id", deadLetter[0]);

        Assert.AreEqual(0, replay.ExitCode, replay.Stderr);
        var delivered = await hub.WaitForAsync(l => l.Of(Corg).Count == 2);
        Assert.AreEqual("fr.fire.sdis35_POISON-1@fr.gendarmerie.corg35", delivered.Of(Corg)[1].DeliveryId);
        Assert.AreEqual("no dead letters", (await Mcic2(hub, "dlq", "list")).Stdout.Trim());
    }

    private static byte[] Edited(byte[] message, Func<string, string> edit) => Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(message)));

    /// <summary>A NUL in the caller's free text (escaped, as JSON allows).</summary>
    private static string WithNul(string json) => json.Replace("Voisine", "Voi\\u0000sine");

    /// <summary>The RS-ERROR reports the sender received.</summary>
    private static List<ErrorReport> ErrorsTo(Ledger ledger) =>
        ledger.Of(Sender).Select(r => CisuCodec.Shared.Decode(r.Body).Message).Where(m => m.Family == MessageFamilies.Error).Select(m => m.Error!).ToList();

    /// <summary>The partner's one dead letter as <c>mcic2 dlq list</c> prints it (its columns), once the worker has
    /// recorded it (the sender's RS-ERROR is written just before).</summary>
    private static async Task<string[]> DeadLetterOfAsync(HubUnderTest hub, string partnerId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var list = await Mcic2(hub, "dlq", "list", "--partner", partnerId);
            Assert.AreEqual(0, list.ExitCode, list.Stderr);
            var lines = list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (lines.Length == 3) return Regex.Split(lines[1], " {2,}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"no dead letter for {partnerId} listed:\n{list.Stdout}");
            await Task.Delay(50);
        }
    }

    /// <summary><c>mcic2</c> in-process, on the hub's data directory as an operator would give it.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> Mcic2(HubUnderTest hub, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await MainCommand.InvokeAsync([.. args, "--Hub:DataDirectory", Path.Combine(hub.Directory, "data")], new MemoryStream(), stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
