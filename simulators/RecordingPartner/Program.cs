using MCIC2.Interop.Simulators.RecordingPartner;

// Standalone: dotnet run --project simulators/RecordingPartner -- [URLS]   (default http://127.0.0.1:5091)
await using var partner = await RecordingPartner.StartAsync(args.FirstOrDefault() ?? "http://127.0.0.1:5091");
Console.WriteLine($"Recording partner listening on {partner.BaseAddress} — POST /partners/{{partnerId}}; Ctrl+C to stop");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
await stop.Task;
Console.WriteLine($"{partner.Received.Count} deliveries received, {partner.Ledger().Redeliveries} redeliveries");
