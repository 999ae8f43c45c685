using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace MCIC2.Interop.Tests.Support;

/// <summary>
/// A RabbitMQ node of one test's own, which the test may stop and start again: the test node serves every concurrent
/// run (other worktrees share it, docs/testing.md), so restarting it would cut their connections from under them. Booted
/// from the test node's installation, with the same TLS listener set-up (the test CA, EXTERNAL, CN = user), on free
/// loopback ports, its data in a directory of its own; it registers with the test node's epmd and shares its Erlang
/// cookie, so the test node's rabbitmqctl reaches it with <c>-n <see cref="Name"/></c>. Disposing stops it (killing it
/// if it does not stop) and deletes its data; a node left behind by a test host that died stops by itself after
/// <see cref="Lifetime"/>.
/// </summary>
public sealed partial class RestartableRabbitNode : IAsyncDisposable
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromSeconds(120);

    /// <summary>The longest a booted node may run: longer than any test that uses one.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly TempDirectory _directory = new("mcic2-rabbit-node-");
    private readonly Dictionary<string, string> _environment;
    private readonly string _server;
    private readonly StreamWriter _output;
    private readonly Lock _outputGate = new();
    private Process? _process;
    private bool _closed;

    private RestartableRabbitNode()
    {
        Name = $"mcic2-restartable-{Guid.NewGuid().ToString("N")[..8]}@localhost";
        TlsPort = LoopbackPorts.Free();
        var (environment, binaries) = TestNodeEnvironment();
        _server = Path.Combine(binaries, "rabbitmq-server");
        var file = (string name) => Path.Combine(_directory.Path, name);
        // The test node's environment (epmd, cookie in HOME, loopback distribution) with everything that makes a node
        // itself replaced: name, ports, data, logs, configuration.
        environment["RABBITMQ_NODENAME"] = Name;
        environment["RABBITMQ_NODE_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_DIST_PORT"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture);
        environment["RABBITMQ_MNESIA_BASE"] = file("mnesia");
        environment["RABBITMQ_LOG_BASE"] = file("log");
        environment["RABBITMQ_PID_FILE"] = PidFile = file("rabbitmq.pid");
        environment["RABBITMQ_CONF_ENV_FILE"] = file("rabbitmq-env.conf");
        environment["RABBITMQ_CONFIG_FILE"] = file("rabbitmq.conf");
        environment["RABBITMQ_ADVANCED_CONFIG_FILE"] = file("advanced.config");
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = file("enabled_plugins");
        _environment = environment;

        var tls = TestServices.RabbitMqCaDirectory;
        File.WriteAllText(file("rabbitmq-env.conf"), "");
        File.WriteAllText(file("advanced.config"), "[].\n");
        File.WriteAllText(file("enabled_plugins"), "[rabbitmq_auth_mechanism_ssl].\n");
        File.WriteAllText(file("rabbitmq.conf"), $"""
            listeners.ssl.default = 127.0.0.1:{TlsPort}
            ssl_options.cacertfile = {Path.Combine(tls, "ca.crt")}
            ssl_options.certfile = {Path.Combine(tls, "server.crt")}
            ssl_options.keyfile = {Path.Combine(tls, "server.key")}
            ssl_options.verify = verify_peer
            ssl_options.fail_if_no_peer_cert = true
            ssl_options.versions.1 = tlsv1.2
            auth_mechanisms.1 = EXTERNAL
            ssl_cert_login_from = common_name
            log.console = false
            log.file.level = info

            """);
        _output = new StreamWriter(new FileStream(file("server.out"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite), Encoding.UTF8) { AutoFlush = true };
    }

    /// <summary>The node's Erlang name, for <c>rabbitmqctl -n</c>.</summary>
    public string Name { get; }

    /// <summary>Its AMQPS listener on 127.0.0.1 (the server certificate of the test CA: <c>localhost</c>, <c>127.0.0.1</c>).</summary>
    public int TlsPort { get; }

    private string PidFile { get; }

    /// <summary>Boots a new node and returns once it runs (no RabbitMQ test services: the test fails, naming them).</summary>
    public static async Task<RestartableRabbitNode> StartAsync(CancellationToken cancellationToken)
    {
        var node = new RestartableRabbitNode();
        try
        {
            await node.BootAsync(cancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A real restart: the node stops (its Erlang VM exits), then boots again on the same data; durable
    /// queues come back from disk. Returns once it runs again.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        await BootAsync(cancellationToken);
    }

    /// <summary>The last lines of the node's log, to attach to a failure.</summary>
    public string LogTail(int lines = 40)
    {
        var log = Directory.Exists(Path.Combine(_directory.Path, "log"))
            ? Directory.GetFiles(Path.Combine(_directory.Path, "log"), "*.log").OrderBy(f => f).LastOrDefault()
            : null;
        if (log is null) return $"{Environment.NewLine}(node {Name} wrote no log)";
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return $"{Environment.NewLine}--- last {lines} lines of {log} ---{Environment.NewLine}{string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(lines))}";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                try
                {
                    await StopAsync(patience.Token);
                }
                catch (Exception) when (_process is not null)
                {
                    // It would not stop politely: its own process, by its own handle.
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None);
                }
            }
            _process?.Dispose();
            _process = null;
        }
        finally
        {
            lock (_outputGate)
            {
                _closed = true;
                _output.Dispose();
            }
            _directory.Dispose();
        }
    }

    private async Task BootAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException($"node {Name} is already running");
        // Under coreutils' timeout: a test host that dies without disposing leaves no node running for ever (TERM
        // stops the node politely, KILL follows if it does not).
        var start = new ProcessStartInfo("timeout", ["--kill-after=30s", $"{(int)Lifetime.TotalSeconds}s", _server])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        File.Delete(PidFile);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // `wait PIDFILE` returns once the broker runs; a node that cannot boot (a port taken) exits instead.
        var running = TestRabbit.CtlAsync(cancellationToken, "-n", Name, "-q", "wait", "--timeout", ((int)BootTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture), PidFile);
        if (await Task.WhenAny(running, process.WaitForExitAsync(cancellationToken)) != running)
            Assert.Fail($"RabbitMQ node {Name} exited with code {process.ExitCode} while booting{LogTail()}");
        await running;
    }

    /// <summary>A graceful stop, as a service manager asks for one: SIGTERM to the node's Erlang VM (its pid file),
    /// which stops RabbitMQ and exits. Not <c>rabbitmqctl stop</c>: it boots a VM of its own first, which on a loaded
    /// machine took half a minute, so the node went down long after the test asked.</summary>
    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_process is not { } process) return;
        var vm = File.ReadAllText(PidFile).Trim();
        var signalled = await ProgramRun.RunAsync("kill", ["-TERM", vm], cancellationToken);
        if (signalled.ExitCode != 0) Assert.Fail($"kill -TERM {vm} (node {Name}) exited with {signalled.ExitCode}: {signalled.Stderr}");
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(BootTimeout);
        await process.WaitForExitAsync(patience.Token);
        process.Dispose();
        _process = null;
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_outputGate)
        {
            if (!_closed) _output.WriteLine(line);
        }
    }

    /// <summary>The variables the test node's rabbitmqctl (written by scripts/services/start) exports, and the
    /// directory of the RabbitMQ scripts it runs.</summary>
    private static (Dictionary<string, string> Environment, string Binaries) TestNodeEnvironment()
    {
        var ctl = TestServices.RabbitMqCtl;
        var lines = File.ReadAllLines(ctl);
        var environment = lines.Select(l => Exported().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => Unquoted().Replace(m.Groups[2].Value, "$1"));
        var exec = lines.Select(l => Exec().Match(l)).LastOrDefault(m => m.Success)
            ?? throw new AssertFailedException($"{ctl} names no rabbitmqctl to exec: was it written by scripts/services/start?");
        if (!environment.ContainsKey("ERL_EPMD_PORT") || !environment.ContainsKey("HOME"))
            throw new AssertFailedException($"{ctl} exports no ERL_EPMD_PORT or HOME: was it written by scripts/services/start?");
        return (environment, Path.GetDirectoryName(exec.Groups[1].Value)!);
    }


    /// <summary><c>declare -x NAME="value"</c>, as bash's <c>export -p</c> writes it.</summary>
    [GeneratedRegex("""^declare -x ([A-Z_][A-Z0-9_]*)="(.*)"$""")]
    private static partial Regex Exported();

    /// <summary>bash's escapes inside double quotes.</summary>
    [GeneratedRegex("""\\([\\"$`])""")]
    private static partial Regex Unquoted();

    [GeneratedRegex("""^exec (\S+/rabbitmqctl) """)]
    private static partial Regex Exec();
}
