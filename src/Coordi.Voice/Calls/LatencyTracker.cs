namespace Coordi.Voice.Calls;

/// <summary>
/// Per-call responsiveness: stream start to first greeting audio, and each "caller stops speaking -> first
/// agent audio forwarded" gap, reported as p50/p95.
/// </summary>
public sealed class LatencyTracker(TimeProvider clock)
{
    private readonly List<int> _responses = new(32);
    private readonly long _startedAt = clock.GetTimestamp();
    private long _speechStoppedAt;
    private int _firstGreetingMs = -1;

    public void CallerStoppedSpeaking() => _speechStoppedAt = clock.GetTimestamp();

    public void CallerStartedSpeaking() => _speechStoppedAt = 0;

    /// <summary>Called for every agent audio chunk forwarded; only the first after a pause counts.</summary>
    public void AgentAudioForwarded()
    {
        var now = clock.GetTimestamp();
        if (_firstGreetingMs < 0)
        {
            _firstGreetingMs = (int)clock.GetElapsedTime(_startedAt, now).TotalMilliseconds;
        }

        if (_speechStoppedAt != 0)
        {
            _responses.Add((int)clock.GetElapsedTime(_speechStoppedAt, now).TotalMilliseconds);
            _speechStoppedAt = 0;
        }
    }

    public int FirstGreetingMs => Math.Max(_firstGreetingMs, 0);

    public int TurnsMeasured => _responses.Count;

    public int Percentile(double p)
    {
        if (_responses.Count == 0)
        {
            return 0;
        }

        var sorted = _responses.Order().ToArray();
        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
