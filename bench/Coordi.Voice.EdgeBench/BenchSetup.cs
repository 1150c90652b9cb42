namespace Coordi.Voice.EdgeBench;

/// <summary>
/// What every row shares, started once on the bench's CPU: a throw-away PostgreSQL, the published core in its own
/// process, the S3 server for recordings, the fake Twilio REST API, the Realtime emulator, and the seeded businesses.
/// </summary>
public sealed class BenchSetup : IAsyncDisposable
{
    private PostgresCluster? _cluster;
    private PinnedProcess? _core;

    public required string WorkFolder { get; init; }

    public Uri CoreAddress { get; private set; } = null!;

    public S3Server S3 { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeHost Realtime { get; private set; } = null!;

    public IReadOnlyList<string> Numbers { get; private set; } = [];

    public static async Task<BenchSetup> StartAsync(string workFolder, string coreFolder, int businesses)
    {
        var setup = new BenchSetup { WorkFolder = workFolder };
        try
        {
            setup._cluster = await PostgresCluster.StartAsync();
            var connection = await setup._cluster.CreateDatabaseAsync("coordi");
            var grpcPort = PostgresCluster.FreePort();
            var healthPort = PostgresCluster.FreePort();
            setup._core = PinnedProcess.Start(BenchCpu, Path.Combine(coreFolder, "Coordi.Core.dll"), ["--migrate"],
                EdgeSettings.CoreEnvironment(connection, grpcPort, healthPort, Path.Combine(workFolder, "mail")), Path.Combine(workFolder, "core.log"));
            await setup._core.WaitReadyAsync(new Uri($"http://127.0.0.1:{healthPort}/readyz"), TimeSpan.FromSeconds(120));
            setup.CoreAddress = new Uri($"http://127.0.0.1:{grpcPort}");
            setup.S3 = await S3Server.StartAsync();
            setup.TwilioApi = await FakeTwilioApi.StartAsync(EdgeSettings.TwilioAccountSid, EdgeSettings.TwilioAuthToken);
            setup.Realtime = await RealtimeHost.StartAsync();
            setup.Numbers = await Businesses.SeedAsync(setup.CoreAddress, businesses);
            return setup;
        }
        catch
        {
            await setup.DisposeAsync();
            throw;
        }
    }

    /// <summary>The CPU the bench runs on (the edge gets the other one).</summary>
    public const int BenchCpu = 1;

    public async ValueTask DisposeAsync()
    {
        foreach (var part in new IAsyncDisposable?[] { Realtime, TwilioApi, S3, _core, _cluster })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }
    }
}
