using Coordi.ServiceDefaults;

namespace Coordi.Voice.Outbox;

/// <summary>
/// Operator endpoints for parked entries, on the management port only (no ingress routes to it, and the local
/// port is checked, not the Host header): list them, and put them back in line once the cause is fixed.
/// </summary>
public static class OutboxEndpoints
{
    public static WebApplication MapOutboxManagement(this WebApplication app, int managementPort)
    {
        // Without a separate management port these would face the public internet: not mapped at all then.
        if (managementPort <= 0)
        {
            return app;
        }

        app.MapGet("/outbox/parked", (DurableOutbox outbox) => Results.Ok(outbox.Parked().Select(p => new
        {
            name = p.Name,
            kind = p.Entry.Kind,
            tenantId = p.Entry.TenantId,
            callId = p.Entry.CallId,
            reason = p.Entry.LastError,
            attempts = p.Entry.Attempts,
            parkedAt = p.Entry.ParkedAt,
        }))).RequireLocalPort(managementPort);

        app.MapPost("/outbox/parked/replay", async (DurableOutbox outbox, ILoggerFactory loggers, string? callId) =>
        {
            var replayed = await outbox.ReplayParkedAsync(string.IsNullOrEmpty(callId) ? null : callId);
            loggers.CreateLogger(typeof(OutboxEndpoints)).LogWarning("{Count} parked outbox entries replayed (call {CallId})", replayed, callId ?? "all");
            return Results.Ok(new { replayed });
        }).RequireLocalPort(managementPort);
        return app;
    }
}
