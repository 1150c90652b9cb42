using System.Net;
using Coordi.Contracts.Rules;
using Coordi.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace Coordi.Core.LoadTest;

/// <summary>
/// The core under load: either started in this process on a throw-away PostgreSQL cluster, exactly as the
/// functional tests run it, or a core that is already running somewhere.
/// </summary>
public sealed class LoadTarget : IAsyncDisposable
{
    private readonly PostgresCluster? _cluster;
    private readonly CoreServer? _core;
    private readonly string? _connectionString;

    private LoadTarget(Uri address, string credential, string description, PostgresCluster? cluster = null, CoreServer? core = null, string? connectionString = null)
    {
        Address = address;
        Credential = credential;
        Description = description;
        _cluster = cluster;
        _core = core;
        _connectionString = connectionString;
    }

    public Uri Address { get; }

    public string Credential { get; }

    public string Description { get; }

    public static async Task<LoadTarget> StartInProcessAsync()
    {
        var cluster = await PostgresCluster.StartAsync();
        try
        {
            var connectionString = await cluster.CreateDatabaseAsync("coordi");
            // The test harness quiets logging to warnings; log as the core ships instead (src/Coordi.Core/appsettings.json),
            // so logging costs what it costs in production. The levels are spelled out because the appsettings.json in this
            // output folder may be another service's. The lines go to stderr, leaving stdout to the report.
            var core = await CoreServer.StartAsync(connectionString, new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
            });
            return new LoadTarget(core.GrpcAddress, CoreServer.VoiceCredential,
                "in-process core (Release) on a throw-away PostgreSQL cluster, client and server in one process", cluster, core, connectionString);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Gathers planner statistics after seeding. A running database has them from autovacuum; a database
    /// filled a moment ago does not, and its planner would sort whole tables instead of walking the indexes.
    /// </summary>
    public async Task AnalyzeAsync()
    {
        if (_connectionString is null)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("ANALYZE", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static LoadTarget Remote(Uri address, string credential) =>
        new(address, credential, $"running core at {address}");

    /// <summary>
    /// Channels the load clients share. Each may open more than one HTTP/2 connection, so a burst of
    /// clients is not capped by one connection's concurrent-stream limit.
    /// </summary>
    public GrpcChannel[] OpenChannels(int count) =>
        Enumerable.Range(0, count).Select(_ => GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                AutomaticDecompression = DecompressionMethods.None,
                UseProxy = false,
            },
            MaxReceiveMessageSize = 8 * 1024 * 1024,
        })).ToArray();

    /// <summary>Metadata of a service caller, acting for <paramref name="tenantId"/> when given.</summary>
    public Metadata ServiceHeaders(string? tenantId)
    {
        var headers = new Metadata { { "authorization", "Bearer " + Credential } };
        if (tenantId is not null)
        {
            headers.Add(TenantMetadata.Header, tenantId);
        }

        return headers;
    }

    public async ValueTask DisposeAsync()
    {
        if (_core is not null)
        {
            await _core.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
