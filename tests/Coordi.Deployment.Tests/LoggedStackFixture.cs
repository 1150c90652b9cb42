namespace Coordi.Deployment.Tests;

/// <summary>
/// The stack of <see cref="StackFixture"/> with every secret set to a value of its own, the app's categories logging
/// at Debug, and each host's log lines captured as its JSON console formatter writes them.
/// </summary>
public sealed class LoggedStackFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public JsonLogCapture CoreLogs { get; } = new();

    public JsonLogCapture VoiceLogs { get; } = new();

    public string PlatformOpenAiKey { get; } = "sk-platform-" + Guid.NewGuid().ToString("N");

    public string PlatformTwilioAuthToken { get; } = "platform-twilio-" + Guid.NewGuid().ToString("N");

    public string StreamTokenSecret { get; } = "stream-token-" + Guid.NewGuid().ToString("N");

    public string RecordingUrlSecret { get; } = "recording-link-" + Guid.NewGuid().ToString("N");

    /// <summary>The business's own Twilio account: its webhooks are signed with this token.</summary>
    public string TenantTwilioAccountSid { get; } = "AC" + Guid.NewGuid().ToString("N");

    public string TenantTwilioAuthToken { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The business's own OpenAI key: the only key the Realtime emulator accepts.</summary>
    public string TenantOpenAiKey { get; } = "sk-tenant-" + Guid.NewGuid().ToString("N");

    public CoreServer Core { get; private set; } = null!;

    public FakeStripeApi Stripe { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeEmulator Realtime { get; private set; } = null!;

    public VoiceServer Voice { get; private set; } = null!;

    public TwilioCallerEmulator Twilio { get; private set; } = null!;

    /// <summary>Every secret the stack holds, by what it is.</summary>
    public IReadOnlyDictionary<string, string> Secrets => new Dictionary<string, string>
    {
        ["platform OpenAI key"] = PlatformOpenAiKey,
        ["platform Twilio auth token"] = PlatformTwilioAuthToken,
        ["media stream token secret"] = StreamTokenSecret,
        ["recording link secret"] = RecordingUrlSecret,
        ["tenant Twilio auth token"] = TenantTwilioAuthToken,
        ["tenant OpenAI key"] = TenantOpenAiKey,
        ["Stripe secret key"] = FakeStripeApi.SecretKey,
        ["Stripe webhook secret"] = FakeStripeApi.WebhookSecret,
        ["portal service credential"] = CoreServer.PortalCredential,
        ["voice service credential"] = CoreServer.VoiceCredential,
    };

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        Stripe = await FakeStripeApi.StartAsync();
        TwilioApi = await FakeTwilioApi.StartAsync(TenantTwilioAccountSid, TenantTwilioAuthToken);
        var coreSettings = new Dictionary<string, string?>(Stripe.CoreSettings())
        {
            ["Coordi:Core:TwilioApiBaseUrl"] = TwilioApi.BaseAddress.ToString(),
            ["Coordi:Core:VoicePublicBaseUrl"] = "https://voice.coordi.example.com",
            ["Coordi:Core:RecordingUrlSecret"] = RecordingUrlSecret,
        };
        foreach (var (key, value) in LogLevels)
        {
            coreSettings[key] = value;
        }

        Core = await CoreServer.StartAsync(await _cluster.CreateDatabaseAsync("coordi"), coreSettings, services: CoreLogs.AddTo);
        Realtime = await RealtimeEmulator.StartAsync(TenantOpenAiKey, VoiceServer.OpenAiModel);
        var voiceSettings = new Dictionary<string, string?>(LogLevels)
        {
            ["Coordi:Voice:OpenAiApiKey"] = PlatformOpenAiKey,
            ["Coordi:Voice:TwilioAuthToken"] = PlatformTwilioAuthToken,
            ["Coordi:Voice:StreamTokenSecret"] = StreamTokenSecret,
            ["Coordi:Voice:RecordingUrlSecret"] = RecordingUrlSecret,
        };
        Voice = await VoiceServer.StartAsync(Core.GrpcAddress, TwilioApi, Realtime, settings: voiceSettings, services: VoiceLogs.AddTo);
        Twilio = new TwilioCallerEmulator(Voice.BaseAddress, TenantTwilioAccountSid, TenantTwilioAuthToken, TwilioApi);
    }

    public async Task DisposeAsync()
    {
        Twilio?.Dispose();
        foreach (var disposable in new IAsyncDisposable?[] { Voice, Realtime, TwilioApi, Core, Stripe, _cluster })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>A business ready to take calls on its own Twilio account and OpenAI key.</summary>
    public Task<(TenantClients Clients, string Marker, string Number, string Greeting)> NewBusinessAsync() =>
        CallReadyBusiness.CreateAsync(Core, new UpdateIntegrationsRequest
        {
            TwilioAccountSid = TenantTwilioAccountSid,
            TwilioAuthToken = TenantTwilioAuthToken,
            OpenaiApiKey = TenantOpenAiKey,
        });

    /// <summary>
    /// As verbose as the services get in production and more: the app's own categories at Debug. The real console
    /// stays at Warning so the test output is not flooded; the captured lines come from the same formatter.
    /// </summary>
    private static Dictionary<string, string?> LogLevels => new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Coordi"] = "Debug",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Information",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information",
        ["Logging:Console:LogLevel:Default"] = "Warning",
    };
}
