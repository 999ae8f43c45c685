using System.Diagnostics;
using MCIC2.Interop.Routing.Pipeline;
using Wolverine;
using Wolverine.Runtime;

namespace MCIC2.Interop.HubHost.Http;

/// <summary>
/// Keeps <c>POST /messages</c> closed (503, Retry-After) after a start until the bus has taken back and handled every
/// message a previous run accepted and did not finish (a crash, a kill). Without it a message accepted after the
/// restart is queued in memory at once, while the recovered ones of the same incident are loaded from the store a
/// few seconds later: the newer update is applied first and the older ones are refused WRONG_MESSAGE_SEQUENCE —
/// accepted messages lost to their recipients (found by the kill tests, tests/.../Routing/Reliability).
/// <para>Single-node stores only (<c>Solo</c>: embedded, or postgres with <c>Hub:SingleNode</c>): there, with the intake
/// closed, the bus's incoming messages are exactly the previous run's. Several nodes share their store's incoming
/// messages, and a Kafka intake keeps its order in the topic: the gate is open at once.</para>
/// </summary>
public sealed class IntakeGate
{
    private volatile bool _open;

    public bool IsOpen => _open;

    internal void Open() => _open = true;
}

/// <summary>Opens the <see cref="IntakeGate"/> once the bus holds no incoming message left by a previous run.</summary>
public sealed class OpenIntakeAfterRecovery(IntakeGate gate, IWolverineRuntime runtime, IIntakeQueue intake, ILogger<OpenIntakeAfterRecovery> log) : BackgroundService
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime.Options.Durability.Mode != DurabilityMode.Solo || intake is not LocalIncidentQueue)
        {
            gate.Open();
            return;
        }
        var clock = Stopwatch.StartNew();
        var left = -1;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var incoming = (await runtime.Storage.Admin.FetchCountsAsync()).Incoming;
                if (left < 0)
                {
                    left = incoming;
                    if (incoming > 0) log.LogInformation("Intake closed until the {Count} messages left in the bus by the previous run are handled, in their incidents' order", incoming);
                }
                if (incoming == 0)
                {
                    gate.Open();
                    if (left > 0) log.LogInformation("Intake open: the {Count} messages left in the bus by the previous run were handled in {Elapsed}", left, clock.Elapsed);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store not migrated yet (the first moments of a first start), or unreachable: the intake stays closed.
                if (clock.Elapsed > TimeSpan.FromSeconds(5)) log.LogWarning(e, "Could not count the bus's incoming messages; the intake stays closed");
            }
            await Task.Delay(Poll, stoppingToken);
        }
    }
}
