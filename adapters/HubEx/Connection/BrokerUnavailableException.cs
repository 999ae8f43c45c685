namespace MCIC2.Interop.Adapters.HubEx.Connection;

/// <summary>The broker cannot be reached or refused the hub's login now; <see cref="Exception.Message"/> says why and
/// when the next attempt is due.</summary>
public sealed class BrokerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
