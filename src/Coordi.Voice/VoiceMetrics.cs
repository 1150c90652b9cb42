using System.Diagnostics.Metrics;

namespace Coordi.Voice;

/// <summary>OpenTelemetry instruments of the voice edge (meter "Coordi.Voice").</summary>
public sealed class VoiceMetrics
{
    public const string MeterName = "Coordi.Voice";

    private readonly UpDownCounter<int> _liveCalls;
    private readonly Counter<long> _framesBridged;
    private readonly Counter<long> _framesRejected;
    private readonly Histogram<double> _addedLatency;
    private readonly Counter<long> _bargeIns;
    private readonly Counter<long> _realtimeFailures;

    public VoiceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _liveCalls = meter.CreateUpDownCounter<int>("coordi.voice.live_calls", description: "Calls with an open media stream");
        _framesBridged = meter.CreateCounter<long>("coordi.voice.frames_bridged", description: "Caller audio frames forwarded to the model");
        _framesRejected = meter.CreateCounter<long>("coordi.voice.frames_rejected", description: "Malformed or oversized media stream frames skipped");
        _addedLatency = meter.CreateHistogram<double>("coordi.voice.frame_added_latency", unit: "ms", description: "Time the bridge spends on one caller frame");
        _bargeIns = meter.CreateCounter<long>("coordi.voice.barge_ins", description: "Times a caller interrupted the agent");
        _realtimeFailures = meter.CreateCounter<long>("coordi.voice.realtime_failures", description: "OpenAI Realtime sessions that could not open or dropped");
    }

    public void CallStarted() => _liveCalls.Add(1);

    public void CallEnded() => _liveCalls.Add(-1);

    public void FrameBridged(TimeSpan took)
    {
        _framesBridged.Add(1);
        _addedLatency.Record(took.TotalMilliseconds);
    }

    public void FrameRejected() => _framesRejected.Add(1);

    public void BargeIn() => _bargeIns.Add(1);

    public void RealtimeFailure() => _realtimeFailures.Add(1);
}
