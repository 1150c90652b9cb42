using System.Diagnostics;
using HdrHistogram;

namespace Coordi.Events.LoadTest;

/// <summary>What one delivery path (stream or webhook) did with the measured writes.</summary>
public sealed class PathResult
{
    private const long HighestMicroseconds = 3_600_000_000;

    private PathResult(DeliveryPath path) => Path = path;

    public DeliveryPath Path { get; }

    /// <summary>From the write's answer to the event's first arrival, microseconds; an arrival before the answer counts as 0.</summary>
    public LongHistogram Latency { get; } = new(HighestMicroseconds, 3);

    /// <summary>From sending the write to the event's first arrival, microseconds: includes the write's own time.</summary>
    public LongHistogram FromSend { get; } = new(HighestMicroseconds, 3);

    public long Arrived { get; private set; }

    public long Missing { get; private set; }

    /// <summary>Arrivals beyond the first of an event.</summary>
    public long Duplicates { get; private set; }

    /// <summary>Events that reached this path before their write's answer reached the writer.</summary>
    public long BeforeAnswer { get; private set; }

    /// <summary>Events first arriving inside the write window, per second of it.</summary>
    public double InWindowPerSecond { get; private set; }

    /// <summary>All arrivals of the measured events, per second from the window's start to the last arrival.</summary>
    public double OverallPerSecond { get; private set; }

    /// <summary>From the end of the write window to the last arrival; zero when the path kept up.</summary>
    public TimeSpan Drain { get; private set; }

    public double Milliseconds(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public double FromSendMilliseconds(double percentile) => FromSend.TotalCount == 0 ? double.NaN : FromSend.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMilliseconds => Latency.TotalCount == 0 ? double.NaN : Latency.GetMaxValue() / 1000.0;

    public static PathResult Measure(WriteLedger ledger, DeliveryPath path, long windowStart, long windowEnd)
    {
        var result = new PathResult(path);
        long inWindow = 0;
        long last = 0;
        for (var i = 0; i < ledger.Count; i++)
        {
            ref readonly var r = ref ledger[i];
            if (r.Warmup || r.ReturnedAt == 0)
            {
                continue;
            }

            var (at, count) = path == DeliveryPath.Stream ? (r.StreamAt, r.StreamCount) : (r.WebhookAt, r.WebhookCount);
            if (count == 0)
            {
                result.Missing++;
                continue;
            }

            result.Arrived++;
            result.Duplicates += count - 1;
            if (at < r.ReturnedAt)
            {
                result.BeforeAnswer++;
            }

            result.Latency.RecordValue(Math.Max(0, Microseconds(at - r.ReturnedAt)));
            result.FromSend.RecordValue(Math.Max(0, Microseconds(at - r.SentAt)));
            inWindow += at <= windowEnd ? 1 : 0;
            last = Math.Max(last, at);
        }

        var window = Stopwatch.GetElapsedTime(windowStart, windowEnd).TotalSeconds;
        result.InWindowPerSecond = inWindow / window;
        result.OverallPerSecond = last == 0 ? 0 : result.Arrived / Stopwatch.GetElapsedTime(windowStart, last).TotalSeconds;
        result.Drain = last > windowEnd ? Stopwatch.GetElapsedTime(windowEnd, last) : TimeSpan.Zero;
        return result;
    }

    public static long Microseconds(long stopwatchTicks) => stopwatchTicks * 1_000_000 / Stopwatch.Frequency;
}
