using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Coordi.Core.Webhooks;
using Google.Protobuf;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Coordi.Core.Events;

/// <summary>
/// Collects the events of a request and writes them in the same transaction as the change they describe,
/// with the organization's next sequence numbers and a pending webhook delivery for each subscribed endpoint.
/// A disabled endpoint gets its deliveries too: they wait (the dispatcher skips disabled endpoints) and are sent
/// once it is enabled again, if still within their retry window.
/// Once that transaction commits, <see cref="EventPublisher"/> wakes the stream followers and webhook workers.
/// </summary>
public sealed class EventOutbox(CoreDbContext db, TimeProvider clock, IOptions<WebhookOptions> webhookOptions, EventPublisher publisher)
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    // One statement: the sequence row lock it takes is held from here to the commit, so nothing else of the
    // transaction may run after it (see the event-cursor decision in docs/decisions).
    private const string WriteSql = """
        WITH allocated AS (
            INSERT INTO event_sequences (tenant_id, last_sequence) VALUES (@tenant, @count)
            ON CONFLICT (tenant_id) DO UPDATE SET last_sequence = event_sequences.last_sequence + EXCLUDED.last_sequence
            RETURNING last_sequence),
        written AS (
            INSERT INTO events (id, tenant_id, sequence, type, subject_id, payload, occurred_at)
            SELECT e.id, @tenant, a.last_sequence - @count + e.n, e.type, e.subject_id, e.payload::jsonb, e.occurred_at
            FROM allocated a, unnest(@ids, @types, @subjects, @payloads, @occurred) WITH ORDINALITY
                AS e(id, type, subject_id, payload, occurred_at, n)
            RETURNING id, sequence, type)
        INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_sequence, event_type, status,
            attempt_count, last_error, created_at, retry_until, next_attempt_at)
        SELECT gen_random_uuid(), w.tenant_id, w.id, e.id, e.sequence, e.type, 'Pending', 0, '', @now, @until, @now
        FROM written e
        JOIN webhook_endpoints w ON w.tenant_id = @tenant
            AND (cardinality(w.event_types) = 0 OR e.type = ANY (w.event_types))
        """;

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
                await WriteAsync(db.Database.CurrentTransaction, cancellationToken);
                return;
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await WriteAsync(transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            // A failed save leaves nothing queued for a later one in the same request.
            _pending.Clear();
        }
    }

    private async Task WriteAsync(IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var tenantId = db.CurrentTenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        var dbTransaction = (NpgsqlTransaction)transaction.GetDbTransaction();
        await using var command = new NpgsqlCommand(WriteSql, dbTransaction.Connection, dbTransaction);
        command.Parameters.Add(new NpgsqlParameter<Guid>("tenant", tenantId));
        command.Parameters.Add(new NpgsqlParameter<long>("count", _pending.Count));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("ids", [.. _pending.Select(e => e.Id)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("types", [.. _pending.Select(e => e.Type)]));
        command.Parameters.Add(new NpgsqlParameter<Guid[]>("subjects", [.. _pending.Select(e => e.SubjectId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("payloads", [.. _pending.Select(e => e.Payload)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("occurred", [.. _pending.Select(e => e.OccurredAt)])
        {
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
        });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("now", now) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter<DateTime>("until", now + webhookOptions.Value.RetryWindow) { NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
        publisher.PublishOnCommit(dbTransaction, tenantId);
    }
}
