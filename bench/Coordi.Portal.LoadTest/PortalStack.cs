using Coordi.Portal.Infrastructure;
using Coordi.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Coordi.Portal.LoadTest;

/// <summary>
/// A throw-away PostgreSQL cluster, the real core and the real portal, each on its own real Kestrel port,
/// wired by the same extension methods as their Programs and logging as they ship.
/// </summary>
public sealed class PortalStack : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;
    private readonly CoreServer _core;
    private readonly WebApplication _portal;
    private readonly string _mailDirectory;

    private PortalStack(PostgresCluster cluster, CoreServer core, string coreConnectionString, WebApplication portal, Uri portalAddress, ServerTimings timings, string mailDirectory)
    {
        _cluster = cluster;
        _core = core;
        CoreConnectionString = coreConnectionString;
        _portal = portal;
        PortalAddress = portalAddress;
        Timings = timings;
        _mailDirectory = mailDirectory;
    }

    public CoreServer Core => _core;

    public string CoreConnectionString { get; }

    public Uri PortalAddress { get; }

    public ServerTimings Timings { get; }

    public static async Task<PortalStack> StartAsync()
    {
        var cluster = await PostgresCluster.StartAsync();
        CoreServer? core = null;
        var mail = Path.Combine(Path.GetTempPath(), "coordi-bench-mail-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var coreDb = await cluster.CreateDatabaseAsync("coordi");
            var portalDb = await cluster.CreateDatabaseAsync("coordi_portal");
            // Logging as src/Coordi.Core/appsettings.json ships it; lines go to stderr, leaving stdout to the report.
            core = await CoreServer.StartAsync(coreDb, new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
            });

            await using (var db = new DesignTimePortalDbContextFactory().CreateDbContext([]))
            {
                db.Database.SetConnectionString(portalDb);
                await db.Database.MigrateAsync();
            }

            var timings = new ServerTimings();
            var port = PostgresCluster.FreePort();
            var portal = await StartPortalAsync(portalDb, core.GrpcAddress, port, mail, timings);
            return new PortalStack(cluster, core, coreDb, portal, new Uri($"http://127.0.0.1:{port}"), timings, mail);
        }
        catch
        {
            if (core is not null)
            {
                await core.DisposeAsync();
            }

            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task<WebApplication> StartPortalAsync(string connectionString, Uri coreAddress, int port, string mailDirectory, ServerTimings timings)
    {
        // The portal's own folder is the content root, so its appsettings.json and wwwroot are the ones it ships with.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ApplicationName = "Coordi.Portal",
            ContentRootPath = Path.Combine(Repository.Root(), "src", "Coordi.Portal"),
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Portal"] = connectionString,
            ["Coordi:Portal:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Coordi:Portal:CoreAddress"] = coreAddress.ToString(),
            ["Coordi:Portal:CoreCredential"] = CoreServer.PortalCredential,
            ["Coordi:Portal:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Coordi:Portal:Email:PickupDirectory"] = mailDirectory,
            ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
        });
        Coordi.Portal.Extensions.Extensions.AddApplicationServices(builder);
        var app = builder.Build();
        timings.UseIn(app);
        Coordi.Portal.Extensions.Extensions.MapApplication(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>Gathers planner statistics after seeding, as autovacuum would have on a database that has been running.</summary>
    public async Task AnalyzeAsync()
    {
        await using var connection = new NpgsqlConnection(CoreConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.StopAsync();
        await _portal.DisposeAsync();
        await _core.DisposeAsync();
        await _cluster.DisposeAsync();
        if (Directory.Exists(_mailDirectory))
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
    }
}
