using HdrHistogram;

namespace Coordi.Voice.LoadTest;

/// <summary>What one round of N concurrent calls measured over its window.</summary>
public sealed record RoundResult(
    int Calls,
    int Connected,
    int Failed,
    int Dropped,
    TimeSpan Window,
    LongHistogram AddedLatency,
    LongHistogram ResponseLatency,
    TimeSpan Cpu,
    long HeapBytesDelta,
    long WorkingSetBytesDelta,
    string LoadBefore,
    string LoadAfter,
    string? FirstError)
{
    public double FramesPerSecond => AddedLatency.TotalCount / Window.TotalSeconds;

    /// <summary>Caller frames the connected calls should send in a second at 20 ms pacing.</summary>
    public double ExpectedFramesPerSecond => Connected * 50.0;

    public static double Ms(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? double.NaN : histogram.GetValueAtPercentile(percentile) / 1000.0;

    public static double MaxMs(LongHistogram histogram) => histogram.TotalCount == 0 ? double.NaN : histogram.GetMaxValue() / 1000.0;

    /// <summary>Process CPU time per call per second of call, as a percentage of one core.</summary>
    public double CpuPercentOfCorePerCall => Cpu.TotalSeconds / Window.TotalSeconds / Math.Max(Connected, 1) * 100;

    /// <summary>Process CPU as a share of the whole machine.</summary>
    public double CpuPercentOfMachine => Cpu.TotalSeconds / Window.TotalSeconds / Environment.ProcessorCount * 100;

    public double HeapKbPerCall => HeapBytesDelta / 1024.0 / Math.Max(Connected, 1);

    public double WorkingSetKbPerCall => WorkingSetBytesDelta / 1024.0 / Math.Max(Connected, 1);
}
