using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MCIC2.Interop.Tests.Support;

namespace MCIC2.Interop.Tests.Routing.Reliability;

/// <summary>
/// The real <c>mcic2</c> executable (<c>mcic2.dll</c> beside the tests) run as a separate process, so it can be
/// killed like a crashed server (SIGKILL: no shutdown hook, no drain, no flush). Its stdout and stderr go to
/// <see cref="LogFile"/> (every run appended, each preceded by a banner) so a red test explains itself.
/// </summary>
public sealed class HubProcess : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private Process? _process;
    private int _runs;
    private bool _closed;

    public HubProcess(string logFile, IReadOnlyDictionary<string, string> environment)
    {
        LogFile = logFile;
        _environment = environment;
        Port = LoopbackPorts.Free();
        BaseAddress = new Uri($"http://127.0.0.1:{Port}/");
        _log = new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0), Encoding.UTF8) { AutoFlush = true };
    }

    public string LogFile { get; }
    public int Port { get; }
    public Uri BaseAddress { get; }

    /// <summary>Starts the hub (again, on the same port and settings) and returns once <c>/health</c> answers.</summary>
    public async Task StartAsync(TimeSpan timeout)
    {
        if (_process is { HasExited: false }) throw new InvalidOperationException("the hub is already running");
        var dll = Path.Combine(AppContext.BaseDirectory, "mcic2.dll");
        if (!File.Exists(dll)) throw new AssertFailedException($"{dll} is missing: the test project must reference hub-host");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(LogFile)!,
        };
        foreach (var argument in new[] { dll, "run", "--urls", BaseAddress.ToString().TrimEnd('/') }) start.ArgumentList.Add(argument);
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        // The tests' own host settings must not leak into the hub.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        Write($"===== hub run {++_runs} starting at {DateTimeOffset.UtcNow:O} on {BaseAddress} =====");
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) Write(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Write("[stderr] " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited) throw new AssertFailedException($"the hub exited with code {process.ExitCode} while starting{Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline) throw new AssertFailedException($"the hub did not answer /health within {timeout}{Tail()}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGKILL on Linux (<see cref="Process.Kill(bool)"/>): the process gets no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        Write($"===== hub run {_runs} killed (SIGKILL) at {DateTimeOffset.UtcNow:O}, exit code {process.ExitCode} =====");
        process.Dispose();
        _process = null;
    }

    /// <summary>The last lines of the hub's output, to attach to a failure.</summary>
    public string Tail(int lines = 80)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"{Environment.NewLine}--- last {lines} lines of {LogFile} ---{Environment.NewLine}{string.Join('\n', all.TakeLast(lines))}";
        }
        catch (IOException e)
        {
            return $"{Environment.NewLine}(hub log {LogFile} unreadable: {e.Message})";
        }
    }

    /// <summary>The lines of the hub's output that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> LogLines(string text)
    {
        using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) if (line.Contains(text, StringComparison.Ordinal)) lines.Add(line);
        return lines;
    }

    private void Write(string line)
    {
        // Output events may still arrive while the process dies; a closed log drops them rather than crash the test host.
        lock (_logGate)
        {
            if (!_closed) _log.WriteLine(line);
        }
    }


    /// <summary>Kills a hub still running (a failed test) by its own Process object, never by name.</summary>
    public void Dispose()
    {
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException) { }
            process.Dispose();
            _process = null;
        }
        lock (_logGate)
        {
            _closed = true;
            _log.Dispose();
        }
    }
}
