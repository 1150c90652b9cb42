using System.Collections.Concurrent;
using System.Text;
using Coordi.Core.Application;
using Coordi.Core.Events;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordi.Core.Webhooks;

/// <summary>
/// Sends due webhook deliveries, in the background and never on a request's path. Instances share the queue:
/// each claims a batch with SKIP LOCKED and leases it by moving its due time past the attempt, so a crashed
/// instance's claim is simply retried later.
/// </summary>
public sealed class WebhookDispatcher(
    [FromKeyedServices(CoreDataSources.Workers)] NpgsqlDataSource dataSource,
    WebhookHttpClient http,
    SecretProtector secrets,
    OwnerNotifier notifier,
    EventSignal signal,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    public const string NoHttpResponse = "No HTTP response: the endpoint could not be reached or closed the connection.";

    // Deliveries under way per endpoint on this instance; only the claim loop adds, attempts take away.
    private readonly ConcurrentDictionary<Guid, int> _inFlight = new();

    private WebhookOptions Options => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A slot is refilled as soon as its delivery ends, so an endpoint that hangs until the timeout holds one
        // slot, not every other organization's deliveries behind a whole batch.
        var capacity = Options.MaxConcurrentDeliveries;
        using var slots = new SemaphoreSlim(capacity, capacity);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wake = signal.NextAnyAsync();
                await slots.WaitAsync(stoppingToken);
                var free = 1;
                while (free < Options.BatchSize && slots.Wait(0))
                {
                    free++;
                }

                var due = await TryClaimAsync(free, stoppingToken);
                if (due.Count < free)
                {
                    slots.Release(free - due.Count);
                }

                foreach (var delivery in due)
                {
                    _inFlight.AddOrUpdate(delivery.EndpointId, 1, (_, n) => n + 1);
                    _ = AttemptInSlotAsync(delivery, slots, stoppingToken);
                }

                if (due.Count < free)
                {
                    await Task.WhenAny(wake, Task.Delay(Options.PollInterval, stoppingToken));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Let attempts under way record their outcome before the host stops.
        for (var i = 0; i < capacity; i++)
        {
            if (!await slots.WaitAsync(Options.RequestTimeout))
            {
                break;
            }
        }
    }

    private async Task<List<Claimed>> TryClaimAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            return await ClaimAsync(count, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Claiming webhook deliveries failed; trying again shortly");
            return [];
        }
    }

    private async Task AttemptInSlotAsync(Claimed delivery, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            await AttemptAsync(delivery, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The lease runs out and another pass retries it.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Webhook delivery {DeliveryId} could not be recorded; it is retried when its lease ends", delivery.Id);
        }
        finally
        {
            _inFlight.AddOrUpdate(delivery.EndpointId, 0, (_, n) => n - 1);
            // Removed only if still idle: a claim that just counted a new delivery keeps its entry.
            _inFlight.TryRemove(new KeyValuePair<Guid, int>(delivery.EndpointId, 0));
            slots.Release();
        }
    }

    private async Task<List<Claimed>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var busy = _inFlight.Where(e => e.Value > 0).ToArray();
        // Oldest due first, but no more per endpoint than it has room for on this instance. The status and due
        // time are checked again in "due", on the row as it is once locked.
        await using var command = dataSource.CreateCommand("""
            WITH busy AS (
                SELECT * FROM unnest(@busy_endpoints, @busy_counts) AS b(endpoint_id, in_flight)),
            ranked AS (
                SELECT d.id, row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at) + coalesce(b.in_flight, 0) AS place
                FROM webhook_deliveries d
                JOIN webhook_endpoints w ON w.id = d.endpoint_id
                LEFT JOIN busy b ON b.endpoint_id = d.endpoint_id
                WHERE d.status = 'Pending' AND d.next_attempt_at <= @now AND w.enabled),
            due AS (
                SELECT d.id FROM webhook_deliveries d
                JOIN ranked r ON r.id = d.id
                WHERE r.place <= @per_endpoint AND d.status = 'Pending' AND d.next_attempt_at <= @now
                ORDER BY d.next_attempt_at
                LIMIT @batch
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE webhook_deliveries d SET next_attempt_at = @lease
            FROM due, webhook_endpoints w, events e
            WHERE d.id = due.id AND w.id = d.endpoint_id AND e.id = d.event_id
            RETURNING d.id, d.tenant_id, d.endpoint_id, d.retry_until, w.url, w.secret_ciphertext,
                      e.id, e.sequence, e.type, e.payload, e.occurred_at
            """);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("batch", count);
        command.Parameters.AddWithValue("lease", now + Options.RequestTimeout + TimeSpan.FromMinutes(1));
        command.Parameters.AddWithValue("per_endpoint", Options.MaxConcurrentDeliveriesPerEndpoint);
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("busy_endpoints", [.. busy.Select(e => e.Key)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("busy_counts", [.. busy.Select(e => e.Value)]));
        var claimed = new List<Claimed>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new Claimed(
                reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetDateTime(3), reader.GetString(4), reader.GetString(5),
                new StoredEvent
                {
                    Id = reader.GetGuid(6),
                    TenantId = reader.GetGuid(1),
                    Sequence = reader.GetInt64(7),
                    Type = reader.GetString(8),
                    Payload = reader.GetString(9),
                    OccurredAt = reader.GetDateTime(10),
                }));
        }

        return claimed;
    }

    private async Task AttemptAsync(Claimed delivery, CancellationToken cancellationToken)
    {
        int? code = null;
        string error;
        try
        {
            var body = EventMapping.BodyFormatter.Format(delivery.Event.ToProto());
            var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secrets.Unprotect(delivery.SecretCiphertext), timestamp, body));
            request.Headers.Add(WebhookSignature.EventIdHeader, delivery.Event.Id.ToString("D"));
            request.Headers.Add(WebhookSignature.EventTypeHeader, delivery.Event.Type);
            request.Headers.Add(WebhookSignature.DeliveryIdHeader, delivery.Id.ToString("D"));

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.RequestTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                await RecordSuccessAsync(delivery, code.Value, cancellationToken);
                return;
            }

            error = $"The endpoint answered {code} {response.ReasonPhrase}.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"No response within {Options.RequestTimeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException ex)
        {
            // The partner sees one sentence for every connection-level failure: the exception's own text tells a
            // refused port from an open one and names resolved addresses, which would make the delivery log a
            // port scanner. Operators get the detail in the log.
            logger.LogInformation("Webhook delivery {DeliveryId} of {TenantId} to endpoint {EndpointId} got no HTTP response: {Reason}",
                delivery.Id, delivery.TenantId, delivery.EndpointId, ex.HttpRequestError);
            error = NoHttpResponse;
        }

        await RecordFailureAsync(delivery, code, error, cancellationToken);
    }

    private async Task RecordSuccessAsync(Claimed delivery, int code, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            UPDATE webhook_deliveries SET status = 'Succeeded', attempt_count = attempt_count + 1, response_code = @code,
                last_error = '', last_attempt_at = @now, next_attempt_at = NULL
            WHERE id = @id
            """, ("code", code), ("now", clock.GetUtcNow().UtcDateTime), ("id", delivery.Id)));
        // Only a recovering endpoint is written: an update per success would serialise parallel deliveries on its row.
        batch.BatchCommands.Add(Command("""
            UPDATE webhook_endpoints SET consecutive_failures = 0, failing_since = NULL
            WHERE id = @endpoint AND (consecutive_failures <> 0 OR failing_since IS NOT NULL)
            """,
            ("endpoint", delivery.EndpointId)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task RecordFailureAsync(Claimed delivery, int? code, string error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var update = dataSource.CreateCommand("""
            UPDATE webhook_deliveries SET attempt_count = attempt_count + 1, response_code = @code, last_error = @error,
                last_attempt_at = @now
            WHERE id = @id
            RETURNING attempt_count
            """);
        update.Parameters.AddWithValue("code", code is null ? DBNull.Value : code.Value);
        update.Parameters.AddWithValue("error", error.Length > 500 ? error[..500] : error);
        update.Parameters.AddWithValue("now", now);
        update.Parameters.AddWithValue("id", delivery.Id);
        if (await update.ExecuteScalarAsync(cancellationToken) is not int attempts)
        {
            return; // The endpoint was removed meanwhile, and the delivery with it.
        }

        var next = now + WebhookBackoff.Delay(Options, attempts, Random.Shared.NextDouble());
        await using var schedule = dataSource.CreateCommand(next > delivery.RetryUntil
            ? "UPDATE webhook_deliveries SET status = 'Failed', next_attempt_at = NULL WHERE id = @id"
            : "UPDATE webhook_deliveries SET next_attempt_at = @next WHERE id = @id");
        schedule.Parameters.AddWithValue("id", delivery.Id);
        schedule.Parameters.AddWithValue("next", next);
        await schedule.ExecuteNonQueryAsync(cancellationToken);
        await CountFailureAsync(delivery, now, cancellationToken);
    }

    private async Task CountFailureAsync(Claimed delivery, DateTime now, CancellationToken cancellationToken)
    {
        await using var disable = dataSource.CreateCommand("""
            UPDATE webhook_endpoints SET consecutive_failures = consecutive_failures + 1,
                failing_since = COALESCE(failing_since, @now),
                enabled = CASE WHEN consecutive_failures + 1 >= @max OR COALESCE(failing_since, @now) <= @since THEN false ELSE enabled END,
                disabled_at = CASE WHEN enabled AND (consecutive_failures + 1 >= @max OR COALESCE(failing_since, @now) <= @since) THEN @now ELSE disabled_at END,
                disabled_reason = CASE WHEN enabled AND (consecutive_failures + 1 >= @max OR COALESCE(failing_since, @now) <= @since) THEN @reason ELSE disabled_reason END
            WHERE id = @endpoint
            RETURNING disabled_at = @now AND NOT enabled
            """);
        disable.Parameters.AddWithValue("now", now);
        disable.Parameters.AddWithValue("max", Options.DisableAfterConsecutiveFailures);
        disable.Parameters.AddWithValue("since", now - Options.DisableAfterFailingFor);
        disable.Parameters.AddWithValue("reason", "Disabled after sustained delivery failures; fix the receiver, then enable the endpoint again.");
        disable.Parameters.AddWithValue("endpoint", delivery.EndpointId);
        if (await disable.ExecuteScalarAsync(cancellationToken) is true)
        {
            logger.LogWarning("Disabled webhook endpoint {EndpointId} of {TenantId} after sustained failures", delivery.EndpointId, delivery.TenantId);
            await notifier.NotifyAsync(delivery.TenantId, "webhook_endpoint_disabled",
                "Coordi webhook endpoint disabled",
                $"""
                Deliveries to your webhook endpoint kept failing, so Coordi has
                stopped sending to it:

                {delivery.Url}

                Fix the receiver, then enable the endpoint again in Coordi
                (Settings > Webhooks). Deliveries still within their 24-hour
                retry window will then be sent.
                """,
                cancellationToken);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private sealed record Claimed(Guid Id, Guid TenantId, Guid EndpointId, DateTime RetryUntil, string Url, string SecretCiphertext, StoredEvent Event);
}
