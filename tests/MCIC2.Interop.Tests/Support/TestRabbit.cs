using System.Diagnostics;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace MCIC2.Interop.Tests.Support;

/// <summary>
/// The RabbitMQ that scripts/services/start runs, as a HubEx client and as the hub's administrator see it. Clients use
/// the TLS listener and log in by certificate only (SASL EXTERNAL, the certificate's CN is the user); the administrator
/// uses the plain loopback listener with a password. Users and permissions need rabbitmqctl: AMQP cannot set them.
/// </summary>
public static class TestRabbit
{
    /// <summary>A connection factory for <paramref name="clientId"/>, with a certificate minted for it.</summary>
    public static ConnectionFactory Client(string clientId) => Client(TestCertificates.Client(clientId));

    /// <summary>
    /// A connection factory on the TLS listener: TLS 1.2, the server checked against the test CA, login with EXTERNAL
    /// and <paramref name="certificate"/> (none: the broker refuses the TLS handshake).
    /// </summary>
    public static ConnectionFactory Client(X509Certificate2? certificate)
    {
        var factory = new ConnectionFactory
        {
            Uri = new Uri(TestServices.RabbitMqTlsUri),
            AuthMechanisms = [new ExternalMechanismFactory()],
        };
        factory.Ssl.Version = SslProtocols.Tls12;
        factory.Ssl.Certs = certificate is null ? null : new X509CertificateCollection { certificate };
        factory.Ssl.CertificateValidationCallback = TestCertificates.IsFromTheTestAuthority;
        return factory;
    }

    /// <summary>The administrator (PLAIN, plain listener): declares exchanges and queues, reads any queue.</summary>
    public static ConnectionFactory Administrator() => new() { Uri = new Uri(TestServices.RabbitMqUri) };

    /// <summary>Runs rabbitmqctl on the test node and returns what it printed; fails the test if it fails.
    /// Each call starts an Erlang VM (about a second): batch work with <see cref="ImportDefinitionsAsync"/>.</summary>
    public static async Task<string> CtlAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var run = await ProgramRun.RunAsync(TestServices.RabbitMqCtl, arguments, cancellationToken);
        if (run.ExitCode != 0) Assert.Fail($"rabbitmqctl {string.Join(' ', arguments)} exited with {run.ExitCode}: {run.Stderr}{run.Stdout}");
        return run.Stdout;
    }

    /// <summary>Imports RabbitMQ definitions (users, permissions, topic permissions, exchanges, queues, bindings) in
    /// one rabbitmqctl call. Additive and re-runnable: importing the same definitions again changes nothing.</summary>
    /// <param name="node">Another node than the test node, sharing its Erlang cookie (a <see cref="RestartableRabbitNode"/>).</param>
    public static async Task ImportDefinitionsAsync(JsonObject definitions, CancellationToken cancellationToken, string? node = null)
    {
        using var directory = new TempDirectory("mcic2-rabbit-");
        var file = Path.Combine(directory.Path, "definitions.json");
        await File.WriteAllTextAsync(file, definitions.ToJsonString(), cancellationToken);
        await CtlAsync(cancellationToken, [.. NodeArguments(node), "-q", "import_definitions", file]);
    }

    /// <summary>The rabbitmqctl arguments that address <paramref name="node"/>; none for the test node.</summary>
    public static string[] NodeArguments(string? node) => node is null ? [] : ["-n", node];

    /// <summary>The vhost of the test URIs (both listeners serve the same one).</summary>
    public static string VirtualHost => Uri.UnescapeDataString(new Uri(TestServices.RabbitMqTlsUri).AbsolutePath.TrimStart('/'));
}

/// <summary>What a program run to its end printed, and its exit code.</summary>
public sealed record ProgramRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<ProgramRun> RunAsync(string program, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        // Both pipes read at once: a program that fills one while we wait on the other would never end.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return new ProgramRun(process.ExitCode, await stdout, await stderr);
    }
}
