using System.Net;
using Coordi.Contracts.Rules;
using Coordi.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Npgsql;

namespace Coordi.Events.LoadTest;

/// <summary>
/// A throw-away PostgreSQL cluster and the real core in this process, as the functional tests run them, with the
/// webhook worker configured as it ships except that it may deliver to plain-HTTP receivers on loopback.
/// </summary>
public sealed class EventStack : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;

    private EventStack(PostgresCluster cluster, CoreServer core, string connectionString)
    {
        _cluster = cluster;
        Core = core;
        ConnectionString = connectionString;
    }

    public CoreServer Core { get; }

    public string ConnectionString { get; }

    public static async Task<EventStack> StartAsync()
    {
        var cluster = await PostgresCluster.StartAsync();
        try
        {
            var connectionString = await cluster.CreateDatabaseAsync("coordi");
            var core = await CoreServer.StartAsync(connectionString, new Dictionary<string, string?>
            {
                // Log as the core ships (src/Coordi.Core/appsettings.json), to stderr, leaving stdout to the report.
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
                // The receivers are local: plain HTTP on 127.0.0.1. Everything else about delivery is put back to the
                // shipped defaults (WebhookOptions), which the test harness shortens for its retry tests.
                ["Coordi:Core:Webhooks:AllowHttpLoopback"] = "true",
                ["Coordi:Core:Webhooks:FirstRetryDelay"] = "00:00:30",
                ["Coordi:Core:Webhooks:MaxRetryDelay"] = "01:00:00",
                ["Coordi:Core:Webhooks:RequestTimeout"] = "00:00:10",
                ["Coordi:Core:Webhooks:PollInterval"] = "00:00:01",
                ["Coordi:Core:Webhooks:DisableAfterConsecutiveFailures"] = "500",
            });
            return new EventStack(cluster, core, connectionString);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A channel to the core that opens further HTTP/2 connections when one is full, so a hundred open event
    /// streams do not use up the streams a connection allows and stall the writes.
    /// </summary>
    public GrpcChannel OpenChannel() =>
        GrpcChannel.ForAddress(Core.GrpcAddress, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                AutomaticDecompression = DecompressionMethods.None,
                UseProxy = false,
            },
            MaxReceiveMessageSize = 8 * 1024 * 1024,
        });

    /// <summary>Metadata of the voice edge acting for <paramref name="tenantId"/>: it writes calls and leads as they happen.</summary>
    public static Metadata ServiceHeaders(string? tenantId)
    {
        var headers = new Metadata { { "authorization", "Bearer " + CoreServer.VoiceCredential } };
        if (tenantId is not null)
        {
            headers.Add(TenantMetadata.Header, tenantId);
        }

        return headers;
    }

    public static Metadata PartnerHeaders(string apiKey) => new() { { "authorization", "Bearer " + apiKey } };

    /// <summary>The delivery log's view of the run: deliveries by status, and attempts beyond the first.</summary>
    public async Task<DeliveryLog> ReadDeliveryLogAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE status = 'Succeeded'), count(*) FILTER (WHERE status = 'Pending'),
                   count(*) FILTER (WHERE status = 'Failed'), coalesce(sum(greatest(attempt_count - 1, 0)), 0)
            FROM webhook_deliveries
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DeliveryLog(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    public async ValueTask DisposeAsync()
    {
        await Core.DisposeAsync();
        await _cluster.DisposeAsync();
    }
}

public sealed record DeliveryLog(long Succeeded, long Pending, long Failed, long Retries);
