namespace Coordi.Deployment.Tests.ScaleOut;

/// <summary>
/// The voice tier scaled out as the manifests deploy it: several voice edges, each its own process with its own
/// data folder, behind one round-robin proxy whose address is the public URL Twilio calls; the real core on a
/// throw-away PostgreSQL; one S3 bucket all edges keep recordings in, and the core signing playback links to the
/// proxy's address, so any edge plays any recording; Twilio (its REST API and its callers) and OpenAI's Realtime API as fakes in this
/// process, the outside world. The core can be stopped and brought back at the same address.
/// </summary>
public sealed class VoiceTier : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "coordi-voice-tier-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly List<VoiceProcess> _edges = [];

    // A bucket of this tier's own on the test run's S3 server: recordings of other tiers are never in it.
    private readonly string _bucket = "coordi-tier-" + Guid.NewGuid().ToString("N")[..12];
    private PostgresCluster? _cluster;
    private string _connectionString = "";
    private bool _coreRunning;

    private VoiceTier()
    {
    }

    public CoreServer Core { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeEmulator Realtime { get; private set; } = null!;

    public RoundRobinProxy Proxy { get; private set; } = null!;

    public IReadOnlyList<VoiceProcess> Edges => _edges;

    /// <summary>Twilio placing calls to the tier's public address (the proxy), signing as Twilio does.</summary>
    public TwilioCallerEmulator Twilio { get; private set; } = null!;

    /// <summary>
    /// Starts the tier with <paramref name="edges"/> voice edges named voice-0, voice-1, … like StatefulSet pods;
    /// <paramref name="edgeSettings"/> are more environment variables for every edge (e.g. a recordings bucket).
    /// </summary>
    public static async Task<VoiceTier> StartAsync(int edges, IReadOnlyDictionary<string, string>? edgeSettings = null)
    {
        var tier = new VoiceTier();
        try
        {
            await tier.InitializeAsync(edges, edgeSettings);
            return tier;
        }
        catch
        {
            await tier.DisposeAsync();
            throw;
        }
    }

    /// <summary>A business ready to take calls; its name carries a marker that binds a model script to its calls.</summary>
    public Task<(TenantClients Clients, string Marker, string Number, string Greeting)> NewBusinessAsync() =>
        CallReadyBusiness.CreateAsync(Core);

    /// <summary>Clients for <paramref name="tenant"/> on the core as it runs now (a restarted core has a new channel).</summary>
    public TenantClients ClientsOf(TenantClients tenant) => new(tenant.Organization, Core.AsService(tenant.TenantId));

    /// <summary>The edge a request to <paramref name="path"/> was most recently sent to.</summary>
    public VoiceProcess LastServed(string path) =>
        _edges.Single(e => e.Name == Proxy.Requests.Last(r => r.Path == path).Edge);

    /// <summary>Stops the core (an outage or a deploy of the core); edges keep what they must write in their outboxes.</summary>
    public async Task StopCoreAsync()
    {
        if (_coreRunning)
        {
            _coreRunning = false;
            await Core.DisposeAsync();
        }
    }

    /// <summary>Brings the core back on the same ports and database.</summary>
    public async Task StartCoreAsync()
    {
        if (!_coreRunning)
        {
            Core = await CoreServer.StartAsync(_connectionString, CoreSettings(), grpcPort: Core.GrpcPort, healthPort: Core.HealthPort);
            _coreRunning = true;
        }
    }

    /// <summary>What every edge wrote, for a failure message.</summary>
    public string EdgeOutput() => string.Join("\n", _edges.Select(e => $"===== {e.Name} =====\n{e.Output}"));

    public async ValueTask DisposeAsync()
    {
        Twilio?.Dispose();
        foreach (var edge in _edges)
        {
            await edge.DisposeAsync();
        }

        foreach (var disposable in new IAsyncDisposable?[] { Proxy, Realtime, TwilioApi })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }

        if (_coreRunning)
        {
            await Core.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task InitializeAsync(int edges, IReadOnlyDictionary<string, string>? edgeSettings)
    {
        _cluster = await PostgresCluster.StartAsync();
        _connectionString = await _cluster.CreateDatabaseAsync("coordi");
        // The proxy binds its port first: the core signs recording links to it and the edges name it as their public URL.
        Proxy = await RoundRobinProxy.StartAsync();
        Core = await CoreServer.StartAsync(_connectionString, CoreSettings());
        _coreRunning = true;
        TwilioApi = await FakeTwilioApi.StartAsync(VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
        Realtime = await RealtimeEmulator.StartAsync(VoiceServer.OpenAiApiKey, VoiceServer.OpenAiModel);
        var settings = new VoiceProcess.Settings(Proxy.Address, Core.GrpcAddress, CoreServer.VoiceCredential, TwilioApi.BaseAddress, Realtime.Url,
            await RecordingSettingsAsync(edgeSettings));
        var started = await Task.WhenAll(Enumerable.Range(0, edges).Select(i =>
            VoiceProcess.StartAsync($"voice-{i}", Path.Combine(_folder, $"voice-{i}"), settings)));
        _edges.AddRange(started);
        Proxy.Route(_edges);
        foreach (var edge in _edges)
        {
            await Proxy.WaitForHealthAsync(edge, healthy: true);
        }

        Twilio = new TwilioCallerEmulator(Proxy.Address, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken, TwilioApi);
    }

    /// <summary>Recording links are signed for the tier's public address, which reaches any edge.</summary>
    private Dictionary<string, string?> CoreSettings() => new()
    {
        ["Coordi:Core:VoicePublicBaseUrl"] = Proxy.Address.ToString().TrimEnd('/'),
    };

    /// <summary>
    /// Every edge gets the same bucket and the core's link secret, as the ConfigMap and Secret give them to every
    /// pod; <paramref name="edgeSettings"/> come last and may replace them.
    /// </summary>
    private async Task<Dictionary<string, string>> RecordingSettingsAsync(IReadOnlyDictionary<string, string>? edgeSettings)
    {
        var s3 = await S3Server.SharedAsync();
        var environment = s3.VoiceSettings(_bucket).ToDictionary(
            s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!, StringComparer.Ordinal);
        environment["Coordi__Voice__RecordingUrlSecret"] = CoreServer.RecordingUrlSecret;
        foreach (var (key, value) in edgeSettings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        return environment;
    }
}
