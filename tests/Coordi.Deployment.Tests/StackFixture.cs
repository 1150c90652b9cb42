namespace Coordi.Deployment.Tests;

/// <summary>A throw-away PostgreSQL, the real core, fakes of Twilio and OpenAI, and the real voice edge.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public CoreServer Core { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeEmulator Realtime { get; private set; } = null!;

    public VoiceServer Voice { get; private set; } = null!;

    public TwilioCallerEmulator Twilio { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        Core = await CoreServer.StartAsync(await _cluster.CreateDatabaseAsync("coordi"));
        TwilioApi = await FakeTwilioApi.StartAsync(VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
        Realtime = await RealtimeEmulator.StartAsync(VoiceServer.OpenAiApiKey, VoiceServer.OpenAiModel);
        Voice = await VoiceServer.StartAsync(Core.GrpcAddress, TwilioApi, Realtime);
        Twilio = new TwilioCallerEmulator(Voice.BaseAddress, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
    }

    public async Task DisposeAsync()
    {
        Twilio?.Dispose();
        foreach (var disposable in new IAsyncDisposable?[] { Voice, Realtime, TwilioApi, Core, _cluster })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>A business ready to take calls on the platform's Twilio account and OpenAI key.</summary>
    public Task<(TenantClients Clients, string Marker, string Number, string Greeting)> NewBusinessAsync() =>
        CallReadyBusiness.CreateAsync(Core);
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
