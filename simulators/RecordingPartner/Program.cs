using System.Runtime.InteropServices;
using MCIC2.Interop.Simulators.RecordingPartner;

// Standalone: dotnet run --project simulators/RecordingPartner -- [URLS] [--ledger FILE]   (default http://127.0.0.1:5091)
// With --ledger every delivery is on disk before its 200, and a restart on the same file keeps the ledger.
var ledger = args.SkipWhile(a => a != "--ledger").Skip(1).FirstOrDefault();
var urls = args.Where((a, i) => a != "--ledger" && (i == 0 || args[i - 1] != "--ledger")).FirstOrDefault() ?? "http://127.0.0.1:5091";
await using var partner = await RecordingPartner.StartAsync(urls, ledgerFile: ledger);
Console.WriteLine($"Recording partner listening on {partner.BaseAddress} — POST /partners/{{partnerId}}{(ledger is null ? "" : $"; ledger {ledger}")}; Ctrl+C or SIGTERM to stop");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
// A service manager (or a test) stops it with SIGTERM: stop serving, close the ledger, say what was received.
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.TrySetResult(); });
await stop.Task;
Console.WriteLine($"{partner.Received.Count} deliveries received, {partner.Ledger().Redeliveries} redeliveries");
