using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Coordi.Deployment.Tests;

/// <summary>
/// `./run.sh --no-build` started as a developer would, on free ports and in its own folder, so it never touches a
/// developer's own stack. Its output is kept for failure messages.
/// </summary>
public sealed class LocalStack : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private LocalStack(Process process, string folder, IReadOnlyDictionary<string, int> ports)
    {
        _process = process;
        Folder = folder;
        Ports = ports;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Folder { get; }

    /// <summary>Every port the stack listens on, by the run.sh variable that sets it.</summary>
    public IReadOnlyDictionary<string, int> Ports { get; }

    public Uri CoreHealth => new($"http://127.0.0.1:{Ports["COORDI_CORE_HEALTH_PORT"]}");

    public Uri CoreGrpc => new($"http://127.0.0.1:{Ports["COORDI_CORE_GRPC_PORT"]}");

    public Uri Voice => new($"http://127.0.0.1:{Ports["COORDI_VOICE_PORT"]}");

    public Uri Portal => new($"http://127.0.0.1:{Ports["COORDI_PORTAL_PORT"]}");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Fresh free ports for every service; <paramref name="folder"/> holds the database and files.</summary>
    public static IReadOnlyDictionary<string, int> FreePorts() => new[]
    {
        "COORDI_PG_PORT", "COORDI_CORE_GRPC_PORT", "COORDI_CORE_HEALTH_PORT", "COORDI_VOICE_PORT",
        "COORDI_VOICE_MANAGEMENT_PORT", "COORDI_PORTAL_PORT", "COORDI_PORTAL_MANAGEMENT_PORT", "COORDI_S3_PORT",
    }.ToDictionary(name => name, _ => PostgresCluster.FreePort());

    public static LocalStack Start(string folder, IReadOnlyDictionary<string, int> ports, params string[] args)
    {
        // env --default-signal: a test runner started in the background passes SIGINT down as ignored, and a shell
        // cannot trap a signal it was started ignoring; a terminal's Ctrl-C always arrives with the default.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", "bash", "run.sh", "--no-build", .. args])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.Environment["COORDI_LOCAL_DIR"] = folder;
        foreach (var (name, port) in ports)
        {
            start.Environment[name] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        // The stack as a developer gets it: Development settings and the default demo account.
        foreach (var inherited in new[] { "COORDI_SEED_DEMO", "COORDI_DEMO_EMAIL", "COORDI_DEMO_PASSWORD", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(inherited);
        }
        return new LocalStack(Process.Start(start)!, folder, ports);
    }

    /// <summary>Polls until <paramref name="address"/> answers 200; fails early if run.sh has already exited.</summary>
    public async Task WaitForOkAsync(HttpClient http, Uri address, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"run.sh exited ({_process.ExitCode}) before {address} answered:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(address);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{address} did not answer 200.\n{Output}");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>Ctrl-C, as a developer stops the stack; returns run.sh's exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>Ports of this stack that still accept connections.</summary>
    public IReadOnlyList<string> OpenPorts() =>
        Ports.Where(p => Accepts(p.Value)).Select(p => $"{p.Key}={p.Value}").ToList();

    /// <summary>
    /// Processes still running that belong to this stack: started with its folder in their environment (the
    /// services) or on their command line (PostgreSQL's data directory).
    /// </summary>
    public IReadOnlyList<string> LeftoverProcesses()
    {
        var leftovers = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                var environment = File.ReadAllText(Path.Combine(dir, "environ"));
                if (commandLine.Contains(Folder, StringComparison.Ordinal) || environment.Contains("COORDI_LOCAL_DIR=" + Folder + "\0", StringComparison.Ordinal))
                {
                    leftovers.Add($"{Path.GetFileName(dir)}: {commandLine}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // exited while being read, or not ours to read
            }
        }

        return leftovers;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A failed test still stops what it started: run.sh stops its services and database on TERM.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
