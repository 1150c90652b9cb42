using System.Diagnostics;
using HdrHistogram;

namespace Coordi.Events.LoadTest;

/// <summary>The measured writes: how many, how fast they went out, how long each RPC took.</summary>
public sealed class WriteResult
{
    private WriteResult()
    {
    }

    public long Attempted { get; private set; }

    public long Succeeded { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Successful writes per second, from the window's start to its end or the last answer, whichever is later.</summary>
    public double PerSecond { get; private set; }

    /// <summary>From sending the write to its answer, microseconds.</summary>
    public LongHistogram Latency { get; } = new(3_600_000_000, 3);

    public double Milliseconds(double percentile) => Latency.TotalCount == 0 ? double.NaN : Latency.GetValueAtPercentile(percentile) / 1000.0;

    public static WriteResult Measure(WriteLedger ledger, long windowStart, long windowEnd)
    {
        var result = new WriteResult();
        var lastAnswer = windowEnd;
        for (var i = 0; i < ledger.Count; i++)
        {
            ref readonly var r = ref ledger[i];
            if (r.Warmup)
            {
                continue;
            }

            result.Attempted++;
            if (r.ReturnedAt != 0)
            {
                result.Succeeded++;
                result.Latency.RecordValue(PathResult.Microseconds(r.ReturnedAt - r.SentAt));
                lastAnswer = Math.Max(lastAnswer, r.ReturnedAt);
            }
            else
            {
                result.Failed++;
            }
        }

        // Over the window, or until the last answer if that came later: the rate the core took the writes at.
        result.PerSecond = result.Succeeded / Stopwatch.GetElapsedTime(windowStart, lastAnswer).TotalSeconds;
        return result;
    }
}
