using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Coordi.Deployment.Tests.ScaleOut;

/// <summary>
/// One voice edge as its own OS process (`dotnet Coordi.Voice.dll` of the built project), configured only by
/// environment variables as a pod is, with its own data folder and ports. It can be killed with SIGKILL and
/// started again on the same ports and data folder, as a restarted pod of a StatefulSet finds its volume again.
/// Everything it writes to stdout and stderr is kept for failure messages.
/// </summary>
public sealed class VoiceProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly StringBuilder _output = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? _process;

    private VoiceProcess(string name, string dataFolder, int port, int managementPort, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        DataFolder = dataFolder;
        Port = port;
        ManagementPort = managementPort;
        _environment = environment;
    }

    /// <summary>A name for messages and the proxy's destination id (e.g. "voice-0", like a StatefulSet pod).</summary>
    public string Name { get; }

    /// <summary>Holds outbox/ and recordings/; outlives the process, as a pod's volume does.</summary>
    public string DataFolder { get; }

    public string OutboxPath => Path.Combine(DataFolder, "outbox");

    public int Port { get; }

    public int ManagementPort { get; }

    /// <summary>The public port (webhooks, media stream), where the proxy sends traffic.</summary>
    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The management port (/healthz, /readyz, /metrics), never behind the proxy.</summary>
    public Uri ManagementAddress => new($"http://127.0.0.1:{ManagementPort}");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Everything the process (and each earlier run of it) wrote, for failure messages.</summary>
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

    /// <summary>The voice edge's settings, as the ConfigMap and Secret give them to a pod.</summary>
    public sealed record Settings(
        Uri PublicBaseUrl, Uri CoreAddress, string CoreCredential, Uri TwilioApiBaseUrl, Uri RealtimeUrl,
        IReadOnlyDictionary<string, string>? Extra = null);

    /// <summary>Starts an edge in a new data folder on free ports and waits until it is ready.</summary>
    public static async Task<VoiceProcess> StartAsync(string name, string dataFolder, Settings settings)
    {
        var port = PostgresCluster.FreePort();
        var managementPort = PostgresCluster.FreePort();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Coordi__Voice__Port"] = Invariant(port),
            ["Coordi__Voice__ManagementPort"] = Invariant(managementPort),
            // Twilio signs the URL it called: the proxy's, not this process's own address.
            ["Coordi__Voice__PublicBaseUrl"] = settings.PublicBaseUrl.ToString().TrimEnd('/'),
            ["Coordi__Voice__CoreAddress"] = settings.CoreAddress.ToString(),
            ["Coordi__Voice__CoreCredential"] = settings.CoreCredential,
            ["Coordi__Voice__TwilioAccountSid"] = VoiceServer.TwilioAccountSid,
            ["Coordi__Voice__TwilioAuthToken"] = VoiceServer.TwilioAuthToken,
            ["Coordi__Voice__TwilioApiBaseUrl"] = settings.TwilioApiBaseUrl.ToString(),
            ["Coordi__Voice__OpenAiApiKey"] = VoiceServer.OpenAiApiKey,
            ["Coordi__Voice__OpenAiModel"] = VoiceServer.OpenAiModel,
            ["Coordi__Voice__OpenAiRealtimeUrl"] = settings.RealtimeUrl.ToString(),
            ["Coordi__Voice__StreamTokenSecret"] = VoiceServer.StreamTokenSecret,
            ["Coordi__Voice__RecordingsPath"] = Path.Combine(dataFolder, "recordings"),
            ["Coordi__Voice__OutboxPath"] = Path.Combine(dataFolder, "outbox"),
            ["Coordi__Voice__DrainSeconds"] = "5",
        };
        foreach (var (key, value) in settings.Extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        Directory.CreateDirectory(dataFolder);
        var edge = new VoiceProcess(name, dataFolder, port, managementPort, environment);
        await edge.RestartAsync();
        return edge;
    }

    /// <summary>Starts the process (again) with the same ports, data folder and settings, and waits until it is ready.</summary>
    public async Task RestartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException($"{Name} is still running.");
        }

        _process?.Dispose();
        var dll = VoiceBuild.Dll;
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Only what a pod would get: nothing of the test runner's own ASP.NET Core or .NET settings leaks in.
        foreach (var inherited in start.Environment.Keys.Where(k =>
            k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal)
            || k.StartsWith("Coordi__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        Append($"--- {Name}: starting {dll} on port {Port} (management {ManagementPort}), data {DataFolder}");
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilReadyAsync();
    }

    /// <summary>SIGKILL: no drain, no last outbox pass, no goodbye; open sockets just drop.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException($"{Name} was never started.");
        Append($"--- {Name}: SIGKILL");
        process.Kill(); // on Linux, Process.Kill sends SIGKILL
        await process.WaitForExitAsync();
    }

    /// <summary>The edge's Prometheus scrape, from its management port.</summary>
    public async Task<PrometheusText> MetricsAsync() =>
        PrometheusText.Parse(await _http.GetStringAsync(new Uri(ManagementAddress, "/metrics")));

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            // SIGTERM, as the kubelet stops a pod: live calls drain (DrainSeconds is short here), then it exits.
            using (var term = Process.Start("kill", ["-TERM", Invariant(_process!.Id)]))
            {
                await term.WaitForExitAsync();
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
        }

        _process?.Dispose();
        _http.Dispose();
    }

    public override string ToString() => Name;

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow + ReadinessTimeout;
        var readyz = new Uri(ManagementAddress, "/readyz");
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before it was ready:\n{Output}");
            }

            try
            {
                using var response = await _http.GetAsync(readyz);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} was not ready at {readyz}:\n{Output}");
            }

            await Task.Delay(200);
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

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
