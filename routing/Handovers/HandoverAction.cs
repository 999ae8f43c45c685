namespace MCIC2.Interop.Routing.Handovers;

/// <summary>What the pipeline must do for a handover past its deadline (returned as data: the process does no I/O).</summary>
public abstract record HandoverAction(string HandoverId);

/// <summary>Send the handover again, to the partner's backup address.</summary>
public sealed record ResendToBackup(string HandoverId, string PartnerId) : HandoverAction(HandoverId);

/// <summary>Raise the handover to an operator, who will phone the partner.</summary>
public sealed record AlertOperator(string HandoverId, string Message) : HandoverAction(HandoverId);
