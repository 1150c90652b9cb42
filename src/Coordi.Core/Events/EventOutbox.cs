using System.Data.Common;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Coordi.Core.Webhooks;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Coordi.Core.Events;

/// <summary>
/// Collects the events of a request and writes them in the same transaction as the change they describe,
/// with the organization's next sequence numbers, a pending webhook delivery for each subscribed endpoint,
/// and a notification that wakes the stream followers and the webhook worker once the transaction commits.
/// </summary>
public sealed class EventOutbox(CoreDbContext db, TimeProvider clock, IOptions<WebhookOptions> webhookOptions)
{
    public const string NotifyChannel = "coordi_events";

    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    private readonly List<StoredEvent> _pending = [];

    /// <summary>Queues an event about <paramref name="subject"/> (a Call, Lead or Appointment message) for the next save.</summary>
    public void Add(string type, Guid subjectId, IMessage subject)
    {
        if (!EventTypes.All.Contains(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not an event type of the contract.");
        }

        _pending.Add(new StoredEvent
        {
            Id = Guid.CreateVersion7(),
            Type = type,
            SubjectId = subjectId,
            Payload = Json.Format(subject),
            OccurredAt = clock.GetUtcNow().UtcDateTime,
        });
    }

    /// <summary>
    /// Saves the context's changes and the queued events atomically: in the caller's open transaction if there is
    /// one (which the caller then commits), else in a transaction of its own.
    /// </summary>
    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (db.Database.CurrentTransaction is not null)
            {
                await db.SaveChangesAsync(cancellationToken);
                await FlushAsync(cancellationToken);
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await FlushAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            // A failed save leaves nothing queued for a later one in the same request.
            _pending.Clear();
        }
    }

    /// <summary>
    /// Writes the queued events inside the caller's open transaction, after its other changes. The sequence row
    /// stays locked until that transaction ends, so this is done last, just before the commit.
    /// </summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("Events are written in the transaction of the change they describe.");
        var tenantId = db.CurrentTenantId;
        var events = _pending.ToList();
        _pending.Clear();

        var last = await AllocateAsync(transaction, tenantId, events.Count, cancellationToken);
        for (var i = 0; i < events.Count; i++)
        {
            events[i].TenantId = tenantId;
            events[i].Sequence = last - events.Count + 1 + i;
        }

        db.Events.AddRange(events);
        await db.SaveChangesAsync(cancellationToken);
        await EnqueueDeliveriesAsync(transaction, tenantId, events, cancellationToken);
        await Command(transaction, "SELECT pg_notify(@channel, @tenant)",
            ("channel", NotifyChannel), ("tenant", tenantId.ToString("D"))).ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> AllocateAsync(IDbContextTransaction transaction, Guid tenantId, int count, CancellationToken cancellationToken)
    {
        // The upsert takes the organization's sequence row lock until commit: a second writer of the same
        // organization waits here, so sequences become visible in the order they were allocated, with no gaps
        // (a rollback returns its numbers). See the event-cursor decision in docs/decisions.
        await using var command = Command(transaction, """
            INSERT INTO event_sequences (tenant_id, last_sequence) VALUES (@tenant, @count)
            ON CONFLICT (tenant_id) DO UPDATE SET last_sequence = event_sequences.last_sequence + EXCLUDED.last_sequence
            RETURNING last_sequence
            """, ("tenant", tenantId), ("count", (long)count));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task EnqueueDeliveriesAsync(IDbContextTransaction transaction, Guid tenantId, List<StoredEvent> events, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + webhookOptions.Value.RetryWindow;
        foreach (var e in events)
        {
            await using var command = Command(transaction, """
                INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_sequence, event_type, status,
                    attempt_count, last_error, created_at, retry_until, next_attempt_at)
                SELECT gen_random_uuid(), w.tenant_id, w.id, @event, @sequence, @type, 'Pending', 0, '', @now, @until, @now
                FROM webhook_endpoints w
                WHERE w.tenant_id = @tenant AND w.enabled AND (cardinality(w.event_types) = 0 OR @type = ANY (w.event_types))
                """,
                ("event", e.Id), ("sequence", e.Sequence), ("type", e.Type), ("now", now), ("until", until), ("tenant", tenantId));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand Command(IDbContextTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var dbTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        var command = new NpgsqlCommand(sql, dbTransaction.Connection, dbTransaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value is DateTime
                ? new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value }
                : new NpgsqlParameter(name, value));
        }

        return command;
    }
}
