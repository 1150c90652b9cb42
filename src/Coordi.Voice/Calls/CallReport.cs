using Coordi.Contracts.V1;
using Coordi.Voice.Outbox;
using Coordi.Voice.Recording;
using Coordi.Voice.Tools;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Voice.Calls;

/// <summary>
/// What the core learns of a call: its transcript turns as they happen, and at the end its recording, outcome,
/// summary and latency in one CompleteCall, queued after the last turn.
/// </summary>
internal sealed class CallReport(LiveCall call, DurableOutbox outbox, IRecordingStore recordings, TimeProvider clock, ILogger logger)
{
    private readonly TranscriptRecorder _transcript = new(call, outbox, clock);

    public LatencyTracker Latency { get; } = new(clock);

    public ToolContext Tools { get; } = new(call);

    /// <summary>The call's audio, when the business records calls; fed by the media bridge.</summary>
    public CallRecorder? Recorder { get; private set; }

    /// <summary>Why the edge ended the call, added to the summary.</summary>
    public string? EndNote { get; set; }

    /// <summary>Starts the recording when the business records its calls.</summary>
    public void StartRecording()
    {
        if (call.Config.RecordingEnabled)
        {
            Recorder = new CallRecorder(recordings.WorkFolder, call.CallId, logger);
        }
    }

    public void CallerSaid(string? text) => _transcript.Add(Speaker.Caller, text);

    public void AgentSaid(string? text) => _transcript.Add(Speaker.Agent, text);

    /// <summary>Saves the recording and queues the call's completion behind every turn reported so far.</summary>
    public async Task<CompleteCallRequest> FinishAsync(TimeSpan duration)
    {
        var recordingRef = await SaveRecordingAsync();

        // Turns first: the completion's outcome and summary read them, and they should reach the core before it.
        await _transcript.FlushAsync();
        var outcome = Outcome();
        var complete = new CompleteCallRequest
        {
            CallId = call.CallId,
            Status = CallStatus.Completed,
            Outcome = outcome,
            EndedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            DurationSeconds = (int)Math.Round(duration.TotalSeconds),
            Summary = Summary(outcome),
            RecordingRef = recordingRef,
            Latency = new CallLatency
            {
                FirstGreetingMs = Latency.FirstGreetingMs,
                ResponseP50Ms = Latency.Percentile(0.50),
                ResponseP95Ms = Latency.Percentile(0.95),
                TurnsMeasured = Latency.TurnsMeasured,
            },
        };
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CompleteCall, call.TenantId, JsonFormatter.Default.Format(complete)));
        return complete;
    }

    private async Task<string> SaveRecordingAsync()
    {
        if (Recorder is null)
        {
            return "";
        }

        try
        {
            var wav = Path.Combine(recordings.WorkFolder, call.CallId + ".wav");
            await Recorder.FinishAsync(wav, CancellationToken.None);
            return await recordings.SaveAsync(call.TenantId, call.CallId, wav, CancellationToken.None);
        }
        catch (IOException ex)
        {
            logger.LogError(ex, "Could not write the call recording");
            return "";
        }
        finally
        {
            await Recorder.DisposeAsync();
        }
    }

    private CallOutcome Outcome() => call.Disposition switch
    {
        CallDisposition.Escalate => CallOutcome.Escalated,
        CallDisposition.Voicemail => CallOutcome.Voicemail,
        _ when Tools.Booked => CallOutcome.Booked,
        _ when Tools.LeadId is not null || Tools.LeadQueued => CallOutcome.Lead,
        _ when _transcript.Turns.All(t => t.Speaker != Speaker.Caller) => CallOutcome.Abandoned,
        _ => CallOutcome.Information,
    };

    private string Summary(CallOutcome outcome)
    {
        var callerSaid = _transcript.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text).Take(2).ToList();
        var what = outcome switch
        {
            CallOutcome.Booked => "Estimate booked.",
            CallOutcome.Lead => "Lead captured.",
            CallOutcome.Escalated => "Transferred to a person" + (call.DispositionReason is { } r ? $" ({r})." : "."),
            CallOutcome.Voicemail => "The assistant was unavailable" + (call.DispositionReason is { } why ? $" ({why})" : "") + "; the caller was offered voicemail.",
            CallOutcome.Abandoned => "The caller hung up without speaking.",
            _ => "Questions answered.",
        };
        if (EndNote is not null)
        {
            what += " " + EndNote;
        }

        var text = callerSaid.Count == 0 ? what : $"{what} Caller: \"{string.Join(" ", callerSaid)}\"";
        return text.Length > 1000 ? text[..1000] : text;
    }
}
