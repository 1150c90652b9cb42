using HdrHistogram;

namespace Coordi.Voice.LoadTest;

/// <summary>Microsecond latencies recorded from many threads, only while a measurement window is open.</summary>
public sealed class WindowedHistogram
{
    private readonly Lock _gate = new();
    private LongHistogram _microseconds = NewHistogram();
    private volatile bool _recording;

    /// <summary>Starts a new window: values recorded from now on are kept.</summary>
    public void Open()
    {
        lock (_gate)
        {
            _microseconds = NewHistogram();
        }

        _recording = true;
    }

    /// <summary>Ends the window and returns what it recorded.</summary>
    public LongHistogram Close()
    {
        _recording = false;
        lock (_gate)
        {
            return _microseconds;
        }
    }

    public void Record(double milliseconds)
    {
        if (!_recording)
        {
            return;
        }

        var us = Math.Clamp((long)Math.Round(milliseconds * 1000), 1, 60_000_000);
        lock (_gate)
        {
            _microseconds.RecordValue(us);
        }
    }

    private static LongHistogram NewHistogram() => new(1, 60_000_000, 3);
}
