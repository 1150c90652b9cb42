using HdrHistogram;

namespace Coordi.Voice.EdgeBench;

/// <summary>Microsecond latencies recorded from many threads, only while a measurement window is open.</summary>
public sealed class Latencies
{
    private readonly Lock _gate = new();
    private LongHistogram _microseconds = NewHistogram();
    private volatile bool _recording;

    /// <summary>When false, every value is kept (set-up latencies are measured over the whole dial phase).</summary>
    public Latencies(bool windowed = true) => _recording = !windowed;

    public void Open()
    {
        lock (_gate)
        {
            _microseconds = NewHistogram();
        }

        _recording = true;
    }

    public LongHistogram Close()
    {
        _recording = false;
        lock (_gate)
        {
            return _microseconds;
        }
    }

    public LongHistogram Snapshot()
    {
        lock (_gate)
        {
            return (LongHistogram)_microseconds.Copy();
        }
    }

    public void RecordTicks(long stopwatchTicks)
    {
        if (!_recording)
        {
            return;
        }

        var us = Math.Clamp(stopwatchTicks * 1_000_000 / System.Diagnostics.Stopwatch.Frequency, 1, 60_000_000);
        lock (_gate)
        {
            _microseconds.RecordValue(us);
        }
    }

    public static double Ms(LongHistogram h, double percentile) => h.TotalCount == 0 ? double.NaN : h.GetValueAtPercentile(percentile) / 1000.0;

    private static LongHistogram NewHistogram() => new(1, 60_000_000, 3);
}
