using System.Diagnostics.Metrics;

namespace Coordi.Voice.LoadTest;

/// <summary>
/// Listens to the voice edge's own instruments in process: the time it spends on each caller frame
/// (coordi.voice.frame_added_latency) and the number of calls with an open media stream.
/// </summary>
public sealed class BridgeMeter : IDisposable
{
    private const string AddedLatency = "coordi.voice.frame_added_latency";
    private const string LiveCalls = "coordi.voice.live_calls";

    private readonly MeterListener _listener = new();
    private long _liveCalls;

    public BridgeMeter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == VoiceMetrics.MeterName && instrument.Name is AddedLatency or LiveCalls)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, ms, _, _) => FrameAddedLatency.Record(ms));
        _listener.SetMeasurementEventCallback<int>((_, delta, _, _) => Interlocked.Add(ref _liveCalls, delta));
        _listener.Start();
    }

    /// <summary>Per caller frame, the time the edge spent bridging it, as its histogram records it.</summary>
    public WindowedHistogram FrameAddedLatency { get; } = new();

    public long LiveCallCount => Interlocked.Read(ref _liveCalls);

    public void Dispose() => _listener.Dispose();
}
