using Coordi.Contracts.V1;
using Coordi.Core.Application.Errors;
using Coordi.Core.Events;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc;

public sealed class EventGrpcService(CoreDbContext db, EventSignal signal, IOptions<EventStreamOptions> options) : EventService.EventServiceBase
{
    private const int BatchSize = 200;

    [Access(AccessLevel.TenantRead)]
    public override async Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<ChangeEvent> responseStream, ServerCallContext context)
    {
        if (request.AfterCursor < 0)
        {
            throw RequestValidationException.For("after_cursor", "must be 0 or the cursor of an event.");
        }

        var unknown = request.EventTypes.FirstOrDefault(t => !EventTypes.All.Contains(t));
        if (unknown is not null)
        {
            throw RequestValidationException.For("event_types", $"'{unknown}' is not an event type; use one of {string.Join(", ", EventTypes.All)}.");
        }

        var cancellationToken = context.CancellationToken;
        var tenantId = db.CurrentTenantId;
        var sequence = await db.EventSequences.AsNoTracking()
            .Where(s => s.TenantId == tenantId).Select(s => new { s.PrunedThrough, s.LastSequence }).SingleOrDefaultAsync(cancellationToken);
        var (prunedThrough, lastSequence) = (sequence?.PrunedThrough ?? 0, sequence?.LastSequence ?? 0);
        if (request.AfterCursor < prunedThrough)
        {
            throw new CursorExpiredException(request.AfterCursor, prunedThrough, options.Value.RetentionDays);
        }

        // Sequences are gap-free and never reused (ADR 013), so a cursor above the last one allocated was never
        // handed out: following it would wait, silently, for events the caller has in fact already missed.
        if (request.AfterCursor > lastSequence)
        {
            throw new CursorAheadException(request.AfterCursor, lastSequence);
        }

        var types = request.EventTypes.Distinct().ToList();
        var cursor = request.AfterCursor;
        while (true)
        {
            // Taken before the read: an event committed after the read completes it, so none is slept through.
            var next = signal.NextAsync(tenantId);
            var query = db.Events.AsNoTracking().Where(e => e.Sequence > cursor);
            if (types.Count > 0)
            {
                query = query.Where(e => types.Contains(e.Type));
            }

            var batch = await query.OrderBy(e => e.Sequence).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var e in batch)
            {
                await responseStream.WriteAsync(e.ToProto(), cancellationToken);
                cursor = e.Sequence;
            }

            if (batch.Count == BatchSize)
            {
                continue;
            }

            if (request.ReplayOnly)
            {
                return;
            }

            await Task.WhenAny(next, Task.Delay(options.Value.FollowerPollInterval, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
