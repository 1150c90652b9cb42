using Coordi.Testing.Fakes;
using Coordi.Testing.Logging;
using Coordi.Voice.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coordi.Testing;

/// <summary>
/// The real voice edge on a real Kestrel port, wired by the same extension methods as its Program, talking to a
/// real core and to fakes of Twilio's REST API and the OpenAI Realtime API. Its public base URL is its own
/// loopback address, so webhooks signed for that URL verify.
/// </summary>
public sealed class VoiceServer : IAsyncDisposable
{
    public const string TwilioAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioAuthToken = "test-platform-twilio-auth-token-0123";
    public const string OpenAiApiKey = "sk-test-platform-key-0123456789";
    public const string OpenAiModel = "gpt-realtime";
    public const string StreamTokenSecret = "test-stream-token-secret-0123456789abcdef";

    /// <summary>Shared with the core (<see cref="CoreServer"/>), which signs the recording links this edge serves.</summary>
    public const string RecordingUrlSecret = CoreServer.RecordingUrlSecret;

    private readonly WebApplication _app;
    private Task? _stopped;
    private readonly string? _ownedFolder;

    private VoiceServer(WebApplication app, int port, int managementPort, string recordingsPath, string outboxPath, string? ownedFolder, LogCapture logs)
    {
        _app = app;
        Logs = logs;
        _ownedFolder = ownedFolder;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        ManagementAddress = new Uri($"http://127.0.0.1:{managementPort}");
        RecordingsPath = recordingsPath;
        OutboxPath = outboxPath;
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The management port's address, serving /metrics (as the deployment configures it).</summary>
    public Uri ManagementAddress { get; }

    public string RecordingsPath { get; }

    public string OutboxPath { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Everything this edge logged at the levels its settings let through.</summary>
    public LogCapture Logs { get; }

    /// <summary>
    /// Starts the edge. Pass <paramref name="dataFolder"/> (holding outbox/ and recordings/) and
    /// <paramref name="port"/> of a stopped edge to restart it with what it left on disk; without them a
    /// temporary folder is used and deleted on dispose. Recordings go to the shared S3 server of the test run
    /// (<see cref="S3Server.SharedAsync"/>), bucket <see cref="S3Server.DefaultBucket"/>, unless
    /// <paramref name="settings"/> name another. <paramref name="settings"/> add or replace single settings;
    /// <paramref name="services"/> adds or replaces services after the edge's own registrations.
    /// </summary>
    public static async Task<VoiceServer> StartAsync(
        Uri coreAddress, FakeTwilioApi twilioApi, RealtimeEmulator realtime, string? dataFolder = null, int? port = null,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var owned = dataFolder is null ? Path.Combine(Path.GetTempPath(), "coordi-voice-" + Guid.NewGuid().ToString("N")[..12]) : null;
        var folder = dataFolder ?? owned!;
        var recordings = Path.Combine(folder, "recordings");
        var outbox = Path.Combine(folder, "outbox");
        var s3 = await S3Server.SharedAsync();
        var listenPort = port ?? PostgresCluster.FreePort();
        var managementPort = PostgresCluster.FreePort();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ApplicationName = "Coordi.Voice",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coordi:Voice:Port"] = listenPort.ToString(),
            ["Coordi:Voice:ManagementPort"] = managementPort.ToString(),
            ["Coordi:Voice:PublicBaseUrl"] = $"http://127.0.0.1:{listenPort}",
            ["Coordi:Voice:CoreAddress"] = coreAddress.ToString(),
            ["Coordi:Voice:CoreCredential"] = CoreServer.VoiceCredential,
            ["Coordi:Voice:TwilioAccountSid"] = TwilioAccountSid,
            ["Coordi:Voice:TwilioAuthToken"] = TwilioAuthToken,
            ["Coordi:Voice:TwilioApiBaseUrl"] = twilioApi.BaseAddress.ToString(),
            ["Coordi:Voice:OpenAiApiKey"] = OpenAiApiKey,
            ["Coordi:Voice:OpenAiModel"] = OpenAiModel,
            ["Coordi:Voice:OpenAiRealtimeUrl"] = realtime.Url.ToString(),
            ["Coordi:Voice:StreamTokenSecret"] = StreamTokenSecret,
            ["Coordi:Voice:RecordingsPath"] = recordings,
            ["Coordi:Voice:RecordingUrlSecret"] = RecordingUrlSecret,
            ["Coordi:Voice:OutboxPath"] = outbox,
            ["Coordi:Voice:DrainSeconds"] = "5",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(s3.VoiceSettings());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddApplicationServices();
        // After the host's own logging set-up, which starts by clearing providers.
        var logs = new LogCapture();
        builder.Logging.AddProvider(logs);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapApplication();
        await app.StartAsync();
        return new VoiceServer(app, listenPort, managementPort, recordings, outbox, owned, logs);
    }

    /// <summary>Stops the edge as a deploy does (live calls drain, then are wrapped up); dispose it afterwards.</summary>
    public Task StopAsync() => _stopped ??= _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        if (_ownedFolder is not null && Directory.Exists(_ownedFolder))
        {
            Directory.Delete(_ownedFolder, recursive: true);
        }
    }
}
