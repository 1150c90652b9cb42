using Coordi.Core.Model;
using V1 = Coordi.Contracts.V1;

namespace Coordi.Core.Grpc.Mapping;

internal static class CallMapping
{
    public static V1.Call ToProto(this Call c)
    {
        var m = new V1.Call
        {
            Id = c.Id.ToProtoId(),
            TwilioCallSid = c.TwilioCallSid,
            FromNumber = c.FromNumber,
            ToNumber = c.ToNumber,
            Status = (V1.CallStatus)c.Status,
            Outcome = c.Outcome is { } o ? (V1.CallOutcome)o : V1.CallOutcome.Unspecified,
            StartedAt = c.StartedAt.ToTimestamp(),
            EndedAt = c.EndedAt.ToTimestamp(),
            DurationSeconds = c.DurationSeconds,
            Summary = c.Summary,
            RecordingRef = c.RecordingRef ?? "",
            Latency = new V1.CallLatency
            {
                FirstGreetingMs = c.FirstGreetingMs ?? 0,
                ResponseP50Ms = c.ResponseP50Ms ?? 0,
                ResponseP95Ms = c.ResponseP95Ms ?? 0,
                TurnsMeasured = c.TurnsMeasured,
            },
            Handoff = c.Handoff is { } h ? (V1.CallHandoff)h : V1.CallHandoff.Unspecified,
            HandoffReason = c.HandoffReason,
        };
        m.Transcript.AddRange(c.Transcript.OrderBy(t => t.Sequence).Select(ToProto));
        m.ToolInvocations.AddRange(c.ToolInvocations.OrderBy(t => t.StartedAt).Select(ToProto));
        return m;
    }

    public static V1.TranscriptTurn ToProto(this TranscriptTurn t) => new()
    {
        Sequence = t.Sequence,
        Speaker = (V1.Speaker)t.Speaker,
        Text = t.Text,
        OccurredAt = t.OccurredAt.ToTimestamp(),
    };

    public static V1.ToolInvocation ToProto(this ToolInvocation t) => new()
    {
        Id = t.Id.ToProtoId(),
        ToolCallId = t.ToolCallId,
        Name = t.Name,
        ArgumentsJson = t.ArgumentsJson,
        ResultJson = t.ResultJson,
        Status = t.Succeeded ? V1.ToolInvocationStatus.Succeeded : V1.ToolInvocationStatus.Failed,
        StartedAt = t.StartedAt.ToTimestamp(),
        DurationMs = t.DurationMs,
    };
}
