using System.Diagnostics;
using MCIC2.Interop.Simulators.PeerHubEx.Provisioning;
using MCIC2.Interop.Simulators.PeerHubEx.Settings;

namespace MCIC2.Interop.Simulators.PeerHubEx.Faults;

/// <summary>
/// The broker operations AMQP cannot do, by <c>rabbitmqctl</c> as an operator would: importing the definitions, and a
/// client link's outage — its permissions in the vhost cleared (it cannot log in again) and its connections closed —
/// then its permissions given back.
/// </summary>
public sealed class RabbitMqCtl(string program, IReadOnlyList<string>? nodeArguments = null)
{
    public Task ImportDefinitionsAsync(string file, CancellationToken cancellationToken) =>
        RunAsync(cancellationToken, "-q", "import_definitions", file);

    public Task DeleteVirtualHostAsync(string virtualHost, CancellationToken cancellationToken) =>
        RunAsync(cancellationToken, "-q", "delete_vhost", virtualHost);

    public async Task CutAsync(PeerHubExSettings settings, string clientId, CancellationToken cancellationToken)
    {
        await RunAsync(cancellationToken, "-q", "clear_permissions", "-p", settings.VirtualHost, clientId);
        var listing = await RunAsync(cancellationToken, "-q", "list_connections", "--no-table-headers", "pid", "user", "vhost");
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var columns = line.Split('\t');
            if (columns.Length == 3 && columns[1] == clientId && columns[2] == settings.VirtualHost)
                await RunAsync(cancellationToken, "-q", "close_connection", columns[0], $"{settings.Force} HubEx outage (simulated)");
        }
    }

    public Task RestoreAsync(PeerHubExSettings settings, string clientId, CancellationToken cancellationToken) =>
        RunAsync(cancellationToken, "-q", "set_permissions", "-p", settings.VirtualHost, clientId,
            PeerHubExDefinitions.NoRight, PeerHubExDefinitions.ClientWrite(settings), PeerHubExDefinitions.ClientRead(clientId));

    private async Task<string> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, [.. nodeArguments ?? [], .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }
}
