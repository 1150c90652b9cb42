using Npgsql;
using NpgsqlTypes;

namespace Coordi.Portal.LoadTest;

/// <summary>
/// Writes an organization's <see cref="SeedData"/> into the core's tables with binary COPY: the same rows the core's
/// RPCs would store (snake_case columns, enums as their names, UTC timestamps, version 7 ids), in seconds rather than
/// the minutes a hundred thousand RPCs would take on a shared machine.
/// </summary>
public static class BulkCopy
{
    public static async Task WriteAsync(NpgsqlConnection connection, Guid tenantId, SeedData data)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await CopyAsync(connection, """
            calls (id, tenant_id, twilio_call_sid, from_number, to_number, status, outcome, started_at, ended_at, duration_seconds,
                   summary, recording_ref, first_greeting_ms, response_p50ms, response_p95ms, turns_measured)
            """, data.Calls, (w, c) =>
        {
            w.Write(c.Id, NpgsqlDbType.Uuid);
            w.Write(tenantId, NpgsqlDbType.Uuid);
            w.Write(c.Sid, NpgsqlDbType.Varchar);
            w.Write(c.From, NpgsqlDbType.Varchar);
            w.Write(c.To, NpgsqlDbType.Varchar);
            w.Write(c.Status, NpgsqlDbType.Varchar);
            Nullable(w, c.Outcome, NpgsqlDbType.Varchar);
            w.Write(c.StartedAt, NpgsqlDbType.TimestampTz);
            Nullable(w, c.EndedAt, NpgsqlDbType.TimestampTz);
            w.Write(c.DurationSeconds, NpgsqlDbType.Integer);
            w.Write(c.Summary, NpgsqlDbType.Varchar);
            Nullable(w, c.RecordingRef, NpgsqlDbType.Varchar);
            Nullable(w, c.FirstGreetingMs, NpgsqlDbType.Integer);
            Nullable(w, c.ResponseP50Ms, NpgsqlDbType.Integer);
            Nullable(w, c.ResponseP95Ms, NpgsqlDbType.Integer);
            w.Write(c.TurnsMeasured, NpgsqlDbType.Integer);
        });
        await CopyAsync(connection, "transcript_turns (id, tenant_id, call_id, sequence, speaker, text, occurred_at)", data.Turns, (w, t) =>
        {
            w.Write(t.Id, NpgsqlDbType.Uuid);
            w.Write(tenantId, NpgsqlDbType.Uuid);
            w.Write(t.CallId, NpgsqlDbType.Uuid);
            w.Write(t.Sequence, NpgsqlDbType.Integer);
            w.Write(t.Speaker, NpgsqlDbType.Varchar);
            w.Write(t.Text, NpgsqlDbType.Varchar);
            w.Write(t.OccurredAt, NpgsqlDbType.TimestampTz);
        });
        await CopyAsync(connection, "tool_invocations (id, tenant_id, call_id, tool_call_id, name, arguments_json, result_json, succeeded, started_at, duration_ms)", data.Tools, (w, t) =>
        {
            w.Write(t.Id, NpgsqlDbType.Uuid);
            w.Write(tenantId, NpgsqlDbType.Uuid);
            w.Write(t.CallId, NpgsqlDbType.Uuid);
            w.Write(t.ToolCallId, NpgsqlDbType.Varchar);
            w.Write(t.Name, NpgsqlDbType.Varchar);
            w.Write(t.ArgumentsJson, NpgsqlDbType.Jsonb);
            w.Write(t.ResultJson, NpgsqlDbType.Jsonb);
            w.Write(true, NpgsqlDbType.Boolean);
            w.Write(t.StartedAt, NpgsqlDbType.TimestampTz);
            w.Write(t.DurationMs, NpgsqlDbType.Integer);
        });
        await CopyAsync(connection, """
            leads (id, tenant_id, request_id, name, phone, email, address, service, urgency, notes, status, call_id, source, created_at, updated_at)
            """, data.Leads, (w, l) =>
        {
            w.Write(l.Id, NpgsqlDbType.Uuid);
            w.Write(tenantId, NpgsqlDbType.Uuid);
            w.Write(l.RequestId, NpgsqlDbType.Varchar);
            w.Write(l.Name, NpgsqlDbType.Varchar);
            w.Write(l.Phone, NpgsqlDbType.Varchar);
            w.Write(l.Email, NpgsqlDbType.Varchar);
            w.Write(l.Address, NpgsqlDbType.Varchar);
            w.Write(l.Service, NpgsqlDbType.Varchar);
            w.Write(l.Urgency, NpgsqlDbType.Varchar);
            w.Write(l.Notes, NpgsqlDbType.Varchar);
            w.Write(l.Status, NpgsqlDbType.Varchar);
            Nullable(w, l.CallId, NpgsqlDbType.Uuid);
            w.Write(l.Source, NpgsqlDbType.Varchar);
            w.Write(l.CreatedAt, NpgsqlDbType.TimestampTz);
            w.Write(l.UpdatedAt, NpgsqlDbType.TimestampTz);
        });
        await CopyAsync(connection, "lead_changes (id, tenant_id, lead_id, field, old_value, new_value, changed_by, changed_at)", data.LeadChanges, (w, c) =>
        {
            w.Write(c.Id, NpgsqlDbType.Uuid);
            w.Write(tenantId, NpgsqlDbType.Uuid);
            w.Write(c.LeadId, NpgsqlDbType.Uuid);
            w.Write(c.Field, NpgsqlDbType.Varchar);
            w.Write(c.OldValue, NpgsqlDbType.Varchar);
            w.Write(c.NewValue, NpgsqlDbType.Varchar);
            w.Write(c.ChangedBy, NpgsqlDbType.Varchar);
            w.Write(c.ChangedAt, NpgsqlDbType.TimestampTz);
        });
        await CopyAsync(connection, "appointments (id, tenant_id, request_id, lead_id, call_id, starts_at, ends_at, status, notes, cancel_reason, created_at)", data.Appointments, (w, a) =>
        {
            w.Write(a.Id, NpgsqlDbType.Uuid);
            w.Write(tenantId, NpgsqlDbType.Uuid);
            w.Write(a.RequestId, NpgsqlDbType.Varchar);
            w.Write(a.LeadId, NpgsqlDbType.Uuid);
            Nullable(w, a.CallId, NpgsqlDbType.Uuid);
            w.Write(a.StartsAt, NpgsqlDbType.TimestampTz);
            w.Write(a.EndsAt, NpgsqlDbType.TimestampTz);
            w.Write("Booked", NpgsqlDbType.Varchar);
            w.Write(a.Notes, NpgsqlDbType.Varchar);
            w.Write("", NpgsqlDbType.Varchar);
            w.Write(a.CreatedAt, NpgsqlDbType.TimestampTz);
        });
        await transaction.CommitAsync();
    }

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string tableAndColumns, IReadOnlyList<T> rows, Action<NpgsqlBinaryImporter, T> write)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {tableAndColumns} FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            write(importer, row);
        }

        await importer.CompleteAsync();
    }

    private static void Nullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : class
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, type);
        }
    }

    private static void Nullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : struct
    {
        if (value is { } v)
        {
            writer.Write(v, type);
        }
        else
        {
            writer.WriteNull();
        }
    }
}
