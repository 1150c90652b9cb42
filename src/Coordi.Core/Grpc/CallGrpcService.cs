using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Billing;
using Coordi.Core.Events;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc;

public sealed class CallGrpcService(
    CoreDbContext db, TimeProvider clock, EventOutbox events, UsageMeter usage, RecordingLinkIssuer recordingLinks, IOptions<BillingOptions> billing)
    : CallService.CallServiceBase
{
    [Access(AccessLevel.TenantWrite)]
    public override async Task<Call> StartCall(StartCallRequest request, ServerCallContext context)
    {
        var existing = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.TwilioCallSid == request.TwilioCallSid, context.CancellationToken);
        if (existing is not null)
        {
            return existing.ToProto();
        }

        var call = new Model.Call
        {
            Id = Guid.CreateVersion7(),
            TwilioCallSid = request.TwilioCallSid,
            FromNumber = request.FromNumber,
            ToNumber = request.ToNumber,
            StartedAt = request.StartedAt.ToUtc() ?? clock.GetUtcNow().UtcDateTime,
        };
        db.Calls.Add(call);
        events.Add(EventTypes.CallStarted, call.Id, call.ToProto());
        try
        {
            await events.SaveChangesAsync(context.CancellationToken);
            return call.ToProto();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return (await db.Calls.AsNoTracking().SingleAsync(c => c.TwilioCallSid == request.TwilioCallSid, context.CancellationToken)).ToProto();
        }
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<AppendTranscriptTurnsResponse> AppendTranscriptTurns(AppendTranscriptTurnsRequest request, ServerCallContext context)
    {
        var callId = await RequireCallAsync(request.CallId, context.CancellationToken);
        var tenantId = db.CurrentTenantId;
        var appended = 0;
        // ON CONFLICT makes each turn's insert idempotent in one statement, so concurrent retries of a batch
        // never race: whichever arrives first stores a turn, the others skip it. The call was checked to
        // belong to this tenant above, and the tenant id comes from the tenant context, not the request.
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        foreach (var turn in request.Turns)
        {
            var speaker = ((Model.Speaker)turn.Speaker).ToString();
            var occurredAt = turn.OccurredAt.ToDateTime();
            appended += await db.Database.ExecuteSqlAsync($"""
                INSERT INTO transcript_turns (id, tenant_id, call_id, sequence, speaker, text, occurred_at)
                VALUES ({Guid.CreateVersion7()}, {tenantId}, {callId}, {turn.Sequence}, {speaker}, {turn.Text}, {occurredAt})
                ON CONFLICT (tenant_id, call_id, sequence) DO NOTHING
                """, context.CancellationToken);
        }

        await transaction.CommitAsync(context.CancellationToken);
        return new AppendTranscriptTurnsResponse { Appended = appended };
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<ToolInvocation> RecordToolInvocation(RecordToolInvocationRequest request, ServerCallContext context)
    {
        var callId = await RequireCallAsync(request.CallId, context.CancellationToken);
        var existing = await FindInvocationAsync(callId, request.ToolCallId, context.CancellationToken);
        if (existing is not null)
        {
            return existing.ToProto();
        }

        var invocation = new Model.ToolInvocation
        {
            Id = Guid.CreateVersion7(),
            CallId = callId,
            ToolCallId = request.ToolCallId,
            Name = request.Name,
            ArgumentsJson = request.ArgumentsJson.Length == 0 ? "{}" : request.ArgumentsJson,
            ResultJson = request.ResultJson.Length == 0 ? "{}" : request.ResultJson,
            Succeeded = request.Status == ToolInvocationStatus.Succeeded,
            StartedAt = request.StartedAt.ToUtc() ?? clock.GetUtcNow().UtcDateTime,
            DurationMs = request.DurationMs,
        };
        db.ToolInvocations.Add(invocation);
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
            return invocation.ToProto();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return (await FindInvocationAsync(callId, request.ToolCallId, context.CancellationToken))!.ToProto();
        }
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<Call> CompleteCall(CompleteCallRequest request, ServerCallContext context)
    {
        // The reference names a stored object the voice edge wrote; from anyone else it could point a playback link
        // at a recording they never made.
        if (request.RecordingRef.Length > 0 && !IsCallRecorder(context))
        {
            throw new RpcException(new global::Grpc.Core.Status(StatusCode.PermissionDenied,
                "recording_ref is set by the voice edge that recorded the call; leave it empty."));
        }

        var id = Guid.Parse(request.CallId);
        var call = await db.Calls.SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Call", request.CallId);

        // Two reporters (the media stream's end and Twilio's status callback) may arrive in either order:
        // each fills what it knows and never blanks what the other wrote.
        var firstReport = call.EndedAt is null;
        call.Status = (Model.CallStatus)request.Status;
        if (request.Outcome != CallOutcome.Unspecified)
        {
            call.Outcome = (Model.CallOutcome)request.Outcome;
        }

        call.EndedAt ??= request.EndedAt.ToUtc() ?? clock.GetUtcNow().UtcDateTime;
        if (request.DurationSeconds > 0)
        {
            call.DurationSeconds = request.DurationSeconds;
        }

        if (request.Summary.Length > 0)
        {
            call.Summary = request.Summary;
        }

        if (request.RecordingRef.Length > 0)
        {
            call.RecordingRef = request.RecordingRef;
        }

        if (request.Latency is { } latency && (latency.TurnsMeasured > 0 || latency.FirstGreetingMs > 0))
        {
            call.FirstGreetingMs = latency.FirstGreetingMs;
            call.ResponseP50Ms = latency.ResponseP50Ms;
            call.ResponseP95Ms = latency.ResponseP95Ms;
            call.TurnsMeasured = latency.TurnsMeasured;
        }

        if (firstReport)
        {
            // One call.completed per call: the later reporter only fills in details.
            events.Add(EventTypes.CallCompleted, call.Id, call.ToProto());
        }

        // The billable minutes enter the usage outbox in the same transaction as the completion.
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        await usage.RecordAsync(call, context.CancellationToken);
        await events.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
        return call.ToProto();
    }

    /// <summary>
    /// The voice edge instance that ran the conversation leaves word of what comes next; the instance Twilio asks
    /// once the stream has closed reads it with GetCall. The latest word wins: a stream ends once.
    /// </summary>
    [Access(AccessLevel.CallRecorder)]
    public override async Task<Call> SetCallHandoff(SetCallHandoffRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.CallId);
        var call = await db.Calls.SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Call", request.CallId);
        call.Handoff = (Model.CallHandoff)request.Handoff;
        call.HandoffReason = request.Reason;
        await db.SaveChangesAsync(context.CancellationToken);
        return call.ToProto();
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<Call> GetCall(GetCallRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.Id);
        var call = await db.Calls.AsNoTracking().AsSplitQuery()
            .Include(c => c.Transcript)
            .Include(c => c.ToolInvocations)
            .SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Call", request.Id);
        var leadIds = await db.Leads.Where(l => l.CallId == id).OrderBy(l => l.CreatedAt).Select(l => l.Id).ToListAsync(context.CancellationToken);
        var response = call.ToProto();
        response.LeadIds.AddRange(leadIds.Select(l => l.ToProtoId()));
        return response;
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<RecordingLink> GetRecordingLink(GetRecordingLinkRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.CallId);
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Call", request.CallId);
        return recordingLinks.For(call);
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListCallsResponse> ListCalls(ListCallsRequest request, ServerCallContext context)
    {
        var query = db.Calls.AsNoTracking();
        if (request.Started?.Start.ToUtc() is { } from)
        {
            query = query.Where(c => c.StartedAt >= from);
        }

        if (request.Started?.End.ToUtc() is { } to)
        {
            query = query.Where(c => c.StartedAt < to);
        }

        if (request.Status != CallStatus.Unspecified)
        {
            var status = (Model.CallStatus)request.Status;
            query = query.Where(c => c.Status == status);
        }

        if (request.Outcome != CallOutcome.Unspecified)
        {
            var outcome = (Model.CallOutcome)request.Outcome;
            query = query.Where(c => c.Outcome == outcome);
        }

        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var pattern = Like.Contains(request.Text);
            query = query.Where(c => EF.Functions.ILike(c.FromNumber, pattern, Like.Escape)
                || EF.Functions.ILike(c.Summary, pattern, Like.Escape)
                || c.Transcript.Any(t => EF.Functions.ILike(t.Text, pattern, Like.Escape)));
        }

        var (page, next) = await query.PageAsync(c => c.StartedAt, KeysetOrder.Descending, request.PageToken, request.PageSize, context.CancellationToken);
        var response = new ListCallsResponse { NextPageToken = next };
        response.Calls.AddRange(page.Select(c => c.ToProto()));
        return response;
    }

    private bool IsCallRecorder(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        return user.IsService() && billing.Value.CallRecordingServices.Contains(user.Identity?.Name ?? "");
    }

    private async Task<Guid> RequireCallAsync(string callId, CancellationToken cancellationToken)
    {
        var id = Guid.Parse(callId);
        return await db.Calls.AnyAsync(c => c.Id == id, cancellationToken) ? id : throw new NotFoundException("Call", callId);
    }

    private Task<Model.ToolInvocation?> FindInvocationAsync(Guid callId, string toolCallId, CancellationToken cancellationToken) =>
        db.ToolInvocations.AsNoTracking().SingleOrDefaultAsync(t => t.CallId == callId && t.ToolCallId == toolCallId, cancellationToken);
}
