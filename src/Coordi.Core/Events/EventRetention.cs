using Coordi.Core.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordi.Core.Events;

/// <summary>
/// Deletes events older than the retention period, with their webhook delivery records, and records per
/// organization the highest cursor deleted, so a stream resuming from before it is refused instead of skipping.
/// </summary>
public sealed class EventRetention(
    [FromKeyedServices(CoreDataSources.Workers)] NpgsqlDataSource dataSource,
    IOptions<EventStreamOptions> options,
    TimeProvider clock,
    ILogger<EventRetention> logger)
{
    private const int BatchSize = 5000;

    // Deliveries go first (they reference their event); the organization's mark moves only forward.
    private const string DeleteBatchSql = """
        WITH doomed AS (
            SELECT id FROM events WHERE occurred_at < @cutoff ORDER BY occurred_at LIMIT @batch),
        deliveries AS (
            DELETE FROM webhook_deliveries d USING doomed WHERE d.event_id = doomed.id),
        gone AS (
            DELETE FROM events e USING doomed WHERE e.id = doomed.id RETURNING e.tenant_id, e.sequence),
        marked AS (
            UPDATE event_sequences s SET pruned_through = GREATEST(s.pruned_through, m.last)
            FROM (SELECT tenant_id, max(sequence) AS last FROM gone GROUP BY tenant_id) m
            WHERE s.tenant_id = m.tenant_id)
        SELECT count(*) FROM gone
        """;

    /// <summary>Deletes everything past retention, in batches; returns how many events were deleted.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - TimeSpan.FromDays(options.Value.RetentionDays);
        long total = 0;
        while (true)
        {
            var deleted = await DeleteBatchAsync(cutoff, cancellationToken);
            if (deleted is null)
            {
                break; // Another instance is sweeping.
            }

            total += deleted.Value;
            if (deleted < BatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            logger.LogInformation("Deleted {EventCount} events older than {RetentionDays} days", total, options.Value.RetentionDays);
        }

        return total;
    }

    private async Task<long?> DeleteBatchAsync(DateTime cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One sweeper at a time: two would update organizations' marks in different orders and could deadlock.
        await using (var claim = new NpgsqlCommand("SELECT pg_try_advisory_xact_lock(hashtext('coordi-event-retention'))", connection, transaction))
        {
            if (await claim.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return null;
            }
        }

        await using var delete = new NpgsqlCommand(DeleteBatchSql, connection, transaction);
        delete.Parameters.Add(new NpgsqlParameter<DateTime>("cutoff", cutoff) { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        delete.Parameters.Add(new NpgsqlParameter<int>("batch", BatchSize));
        var deleted = (long)(await delete.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }
}
