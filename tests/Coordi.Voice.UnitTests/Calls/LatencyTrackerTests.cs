using Coordi.Voice.Calls;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class LatencyTrackerTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void First_greeting_is_the_time_from_start_to_the_first_agent_audio()
    {
        var tracker = new LatencyTracker(_clock);
        _clock.Advance(TimeSpan.FromMilliseconds(1250));

        tracker.AgentAudioForwarded();
        _clock.Advance(TimeSpan.FromSeconds(3));
        tracker.AgentAudioForwarded();

        Assert.Equal(1250, tracker.FirstGreetingMs);
    }

    [Fact]
    public void Without_agent_audio_nothing_is_measured()
    {
        var tracker = new LatencyTracker(_clock);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(0, tracker.FirstGreetingMs);
        Assert.Equal(0, tracker.TurnsMeasured);
        Assert.Equal(0, tracker.Percentile(0.5));
        Assert.Equal(0, tracker.Percentile(0.95));
    }

    [Fact]
    public void Only_the_first_agent_audio_after_the_caller_stops_counts()
    {
        var tracker = new LatencyTracker(_clock);
        tracker.AgentAudioForwarded();

        tracker.CallerStoppedSpeaking();
        _clock.Advance(TimeSpan.FromMilliseconds(640));
        tracker.AgentAudioForwarded();
        _clock.Advance(TimeSpan.FromMilliseconds(20));
        tracker.AgentAudioForwarded();

        Assert.Equal(1, tracker.TurnsMeasured);
        Assert.Equal(640, tracker.Percentile(0.5));
    }

    [Fact]
    public void Caller_speaking_again_before_an_answer_is_not_a_turn()
    {
        var tracker = new LatencyTracker(_clock);
        tracker.CallerStoppedSpeaking();
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        tracker.CallerStartedSpeaking();
        _clock.Advance(TimeSpan.FromSeconds(4));

        tracker.AgentAudioForwarded();

        Assert.Equal(0, tracker.TurnsMeasured);
    }

    [Fact]
    public void Percentiles_are_nearest_rank_over_the_measured_turns()
    {
        var tracker = new LatencyTracker(_clock);
        // Out of order on purpose: the percentile must sort.
        foreach (var ms in new[] { 700, 100, 1000, 300, 500, 200, 900, 400, 800, 600 })
        {
            tracker.CallerStoppedSpeaking();
            _clock.Advance(TimeSpan.FromMilliseconds(ms));
            tracker.AgentAudioForwarded();
        }

        Assert.Equal(10, tracker.TurnsMeasured);
        Assert.Equal(500, tracker.Percentile(0.50));
        Assert.Equal(1000, tracker.Percentile(0.95));
        Assert.Equal(900, tracker.Percentile(0.90));
        Assert.Equal(100, tracker.Percentile(0));
        Assert.Equal(1000, tracker.Percentile(1));
    }

    private sealed class ManualClock : TimeProvider
    {
        // A real monotonic clock is far from zero; the tracker uses 0 as "no pause pending".
        private long _ticks = TimeSpan.FromHours(5).Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
