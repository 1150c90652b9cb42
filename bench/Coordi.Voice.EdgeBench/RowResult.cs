namespace Coordi.Voice.EdgeBench;

/// <summary>The figures of one row: one edge build at one number of concurrent calls.</summary>
public sealed record RowResult(
    string Edge,
    int Calls,
    int Answered,
    int Streaming,
    int Dropped,
    int RealtimeSessions,
    double WindowSeconds,
    double CpuSeconds,
    long IdleRssKb,
    long PeakRssKb,
    long PeakThreads,
    double AddedInP50,
    double AddedInP99,
    double AddedOutP50,
    double AddedOutP99,
    double AddedOutMax,
    long FramesIn,
    double WebhookP50,
    double WebhookP99,
    double AttachP50,
    double AttachP99,
    double GreetingP50,
    int TurnsReplied,
    int TurnsWithoutReply,
    string LoadBefore,
    string LoadAfter,
    string? FirstError)
{
    public double CpuPerCallMinute => Streaming == 0 ? double.NaN : CpuSeconds / (Streaming * WindowSeconds / 60);

    public double KbPerCall => Calls == 0 ? double.NaN : (PeakRssKb - IdleRssKb) / (double)Calls;

    public double CpuPercentOfCore => CpuSeconds / WindowSeconds * 100;
}
