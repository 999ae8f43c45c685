using System.Net;
using System.Net.Sockets;

namespace MCIC2.Interop.Tests.Support;

/// <summary>A loopback port free now, for a process the test starts that must be told its port beforehand.</summary>
public static class LoopbackPorts
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
