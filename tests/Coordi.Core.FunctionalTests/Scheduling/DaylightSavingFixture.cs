using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Coordi.Core.FunctionalTests.Scheduling;

[CollectionDefinition(Name)]
public sealed class DaylightSavingCollection : ICollectionFixture<DaylightSavingFixture>
{
    public const string Name = "daylight-saving";
}

/// <summary>
/// A core on its own database whose clock stands a few days before the 2026 autumn change in America/Chicago
/// (Sunday 2026-11-01), so the days around a clock change are still ahead of "now" and bookable.
/// </summary>
public sealed class DaylightSavingFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 10, 28, 15, 0, 0, TimeSpan.Zero);

    private PostgresCluster? _cluster;

    public FakeTimeProvider Clock { get; } = new(Now);

    public CoreServer Core { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        var connectionString = await _cluster.CreateDatabaseAsync("dst");
        Core = await CoreServer.StartAsync(connectionString, services: s => s.AddSingleton<TimeProvider>(Clock));
    }

    public async Task DisposeAsync()
    {
        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A business open 00:00-04:00 every day with 30-minute slots and no lead time, in the given zone.</summary>
    public async Task<TenantClients> OpenAtNightAsync(string timeZone, int dailyCap = 0)
    {
        var tenant = await Core.NewTenantAsync("Night Owl Plumbing", timeZone);
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest
        {
            Profile = SampleProfiles.OpenEveryDay(0, 4, slotMinutes: 30, leadTimeMinutes: 0, dailyCap: dailyCap),
        });
        return tenant;
    }
}
