using System.Diagnostics;
using System.Diagnostics.Metrics;
using Coordi.Voice.Outbox;

namespace Coordi.Voice;

/// <summary>
/// OpenTelemetry instruments of the voice edge (meter "Coordi.Voice"), scraped by Prometheus from /metrics with
/// dots turned into underscores (e.g. coordi_voice_live_calls). Recording is allocation-free: the audio loop
/// calls <see cref="FrameBridged"/> for every 20 ms frame.
/// </summary>
public sealed class VoiceMetrics
{
    public const string MeterName = "Coordi.Voice";

    // Bridging one frame takes microseconds to a few milliseconds; the default buckets (0, 5, 10, 25 ms...) would
    // put every frame in the first one.
    private static readonly double[] FrameLatencyBucketsMs = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100];

    // Tools call the core or Twilio: tens of milliseconds to seconds.
    private static readonly double[] ToolDurationBucketsMs = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private readonly UpDownCounter<int> _liveCalls;
    private readonly Counter<long> _framesBridged;
    private readonly Counter<long> _framesRejected;
    private readonly Histogram<double> _addedLatency;
    private readonly Counter<long> _bargeIns;
    private readonly Counter<long> _realtimeFailures;
    private readonly Histogram<double> _toolDuration;
    private readonly Counter<long> _holdingPhrases;
    private readonly Counter<long> _wrapUps;
    private readonly Counter<long> _outboxParkings;

    public VoiceMetrics(IMeterFactory meters, DurableOutbox outbox)
    {
        var meter = meters.Create(MeterName);
        _liveCalls = meter.CreateUpDownCounter<int>("coordi.voice.live_calls", description: "Calls with an open media stream");
        _framesBridged = meter.CreateCounter<long>("coordi.voice.frames_bridged", description: "Caller audio frames forwarded to the model");
        _framesRejected = meter.CreateCounter<long>("coordi.voice.frames_rejected", description: "Malformed or oversized media stream frames skipped");
        _addedLatency = meter.CreateHistogram("coordi.voice.frame_added_latency", unit: "ms", description: "Time the bridge spends on one caller frame",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FrameLatencyBucketsMs });
        _bargeIns = meter.CreateCounter<long>("coordi.voice.barge_ins", description: "Times a caller interrupted the agent");
        _realtimeFailures = meter.CreateCounter<long>("coordi.voice.realtime_failures",
            description: "OpenAI Realtime sessions that could not open (stage=connect) or dropped mid-call (stage=dropped); each is a call sent to voicemail");
        _toolDuration = meter.CreateHistogram("coordi.voice.tool_duration", unit: "ms", description: "Time an agent tool took, by tool and outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ToolDurationBucketsMs });
        _holdingPhrases = meter.CreateCounter<long>("coordi.voice.holding_phrases", description: "Times the agent told a caller it was still working while a slow tool ran");
        _wrapUps = meter.CreateCounter<long>("coordi.voice.wrap_ups", description: "Calls the edge ended itself, by reason (time_limit, shutdown, session_expired)");
        meter.CreateObservableGauge("coordi.voice.outbox_depth", () => outbox.Depth,
            description: "Core writes waiting in the durable outbox (grows while the core is unreachable)");
        meter.CreateObservableGauge("coordi.voice.outbox_parked", () => outbox.ParkedCount,
            description: "Core writes the core refused or kept failing on, set aside until an operator replays them");
        meter.CreateObservableGauge("coordi.voice.outbox_unwritten", () => outbox.Unwritten,
            description: "Core writes the outbox disk could not take, held in memory until delivered (lost if the process dies)");
        _outboxParkings = meter.CreateCounter<long>("coordi.voice.outbox_parkings", description: "Outbox entries parked, by kind and the core's status");
    }

    public void OutboxEntryParked(string kind, string status) =>
        _outboxParkings.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("status", status));

    public void CallStarted() => _liveCalls.Add(1);

    public void CallEnded() => _liveCalls.Add(-1);

    public void FrameBridged(TimeSpan took)
    {
        _framesBridged.Add(1);
        _addedLatency.Record(took.TotalMilliseconds);
    }

    public void FrameRejected() => _framesRejected.Add(1);

    public void BargeIn() => _bargeIns.Add(1);

    /// <summary>The Realtime session could not be opened.</summary>
    public void RealtimeFailure() => _realtimeFailures.Add(1, new KeyValuePair<string, object?>("stage", "connect"));

    /// <summary>The Realtime socket closed while the call was still going.</summary>
    public void RealtimeDropped() => _realtimeFailures.Add(1, new KeyValuePair<string, object?>("stage", "dropped"));

    public void HoldingPhrase() => _holdingPhrases.Add(1);

    public void WrapUp(string reason) => _wrapUps.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ToolCompleted(string tool, bool succeeded, TimeSpan took)
    {
        var tags = new TagList
        {
            { "tool", tool },
            { "outcome", succeeded ? "succeeded" : "failed" },
        };
        _toolDuration.Record(took.TotalMilliseconds, tags);
    }
}
