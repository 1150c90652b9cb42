using Coordi.Voice.Calls;

namespace Coordi.Voice.UnitTests.Calls;

public sealed class PlaybackTrackerTests
{
    // μ-law at 8 kHz: 160 bytes are 20 ms.
    private const int Frame20Ms = 160;

    [Fact]
    public void Sent_audio_is_not_heard_until_its_mark_is_played()
    {
        var tracker = new PlaybackTracker();

        var first = tracker.ChunkSent("item_1"u8, Frame20Ms);
        var second = tracker.ChunkSent("item_1"u8, Frame20Ms);

        Assert.Equal("item_1", tracker.ItemId);
        Assert.Equal(40, tracker.SentMs);
        Assert.Equal(0, tracker.HeardMs);
        Assert.True(tracker.IsPlaying);
        Assert.NotEqual(first, second);

        tracker.MarkPlayed(first);
        Assert.Equal(20, tracker.HeardMs);
        Assert.True(tracker.IsPlaying);

        tracker.MarkPlayed(second);
        Assert.Equal(40, tracker.HeardMs);
        Assert.False(tracker.IsPlaying);
    }

    [Fact]
    public void A_later_mark_covers_the_marks_before_it()
    {
        var tracker = new PlaybackTracker();
        tracker.ChunkSent("item_1"u8, Frame20Ms);
        tracker.ChunkSent("item_1"u8, Frame20Ms);
        var third = tracker.ChunkSent("item_1"u8, 800);

        tracker.MarkPlayed(third);

        Assert.Equal(140, tracker.HeardMs);
        Assert.False(tracker.IsPlaying);
    }

    [Fact]
    public void A_mark_played_twice_or_unknown_changes_nothing()
    {
        var tracker = new PlaybackTracker();
        var first = tracker.ChunkSent("item_1"u8, Frame20Ms);
        tracker.ChunkSent("item_1"u8, Frame20Ms);
        tracker.MarkPlayed(first);

        tracker.MarkPlayed(first);
        tracker.MarkPlayed(-5);

        Assert.Equal(20, tracker.HeardMs);
        Assert.True(tracker.IsPlaying);
    }

    [Fact]
    public void A_new_item_starts_its_own_clock()
    {
        var tracker = new PlaybackTracker();
        var mark = tracker.ChunkSent("item_1"u8, 800);
        tracker.MarkPlayed(mark);
        Assert.Equal(100, tracker.HeardMs);

        tracker.ChunkSent("item_2"u8, Frame20Ms);

        Assert.Equal("item_2", tracker.ItemId);
        Assert.Equal(0, tracker.HeardMs);
        Assert.Equal(20, tracker.SentMs);
    }

    [Fact]
    public void An_item_id_of_the_same_length_is_still_a_new_item()
    {
        var tracker = new PlaybackTracker();
        tracker.MarkPlayed(tracker.ChunkSent("item_1"u8, 800));

        tracker.ChunkSent("item_2"u8, Frame20Ms);

        Assert.Equal("item_2", tracker.ItemId);
        Assert.Equal(20, tracker.SentMs);
    }

    [Fact]
    public void Marks_of_the_previous_item_do_not_count_as_heard_of_the_new_one()
    {
        var tracker = new PlaybackTracker();
        var old = tracker.ChunkSent("item_1"u8, 8000); // one second still queued at Twilio
        var next = tracker.ChunkSent("item_2"u8, Frame20Ms);

        tracker.MarkPlayed(old);

        Assert.Equal("item_2", tracker.ItemId);
        Assert.Equal(0, tracker.HeardMs);
        Assert.True(tracker.IsPlaying);

        tracker.MarkPlayed(next);
        Assert.Equal(20, tracker.HeardMs);
        Assert.False(tracker.IsPlaying);
    }

    [Fact]
    public void Interrupt_returns_the_item_and_what_was_heard_and_forgets_the_rest()
    {
        var tracker = new PlaybackTracker();
        var first = tracker.ChunkSent("item_1"u8, 800);
        tracker.ChunkSent("item_1"u8, 800);
        tracker.MarkPlayed(first);

        var cut = tracker.Interrupt();

        Assert.Equal("item_1", cut.ItemId);
        Assert.InRange(cut.HeardMs, 100, 200);
        Assert.Equal(200, cut.SentMs);
        Assert.Null(tracker.ItemId);
        Assert.Equal(0, tracker.HeardMs);
        Assert.Equal(0, tracker.SentMs);
        Assert.False(tracker.IsPlaying);
    }

    [Fact]
    public void Marks_echoed_after_an_interrupt_are_ignored()
    {
        var tracker = new PlaybackTracker();
        tracker.ChunkSent("item_1"u8, 800);
        var cleared = tracker.ChunkSent("item_1"u8, 800);
        tracker.Interrupt();

        var fresh = tracker.ChunkSent("item_2"u8, Frame20Ms);
        tracker.MarkPlayed(cleared);

        Assert.Equal("item_2", tracker.ItemId);
        Assert.Equal(0, tracker.HeardMs);
        Assert.True(tracker.IsPlaying);

        tracker.MarkPlayed(fresh);
        Assert.Equal(20, tracker.HeardMs);
        Assert.False(tracker.IsPlaying);
    }

    [Fact]
    public void Interrupt_with_nothing_playing_returns_no_item()
    {
        var tracker = new PlaybackTracker();

        var cut = tracker.Interrupt();

        Assert.Null(cut.ItemId);
        Assert.Equal(0, cut.HeardMs);
    }

    [Fact]
    public void Mark_sequences_keep_rising_across_items_and_interrupts()
    {
        var tracker = new PlaybackTracker();
        var marks = new List<long> { tracker.ChunkSent("a"u8, 8), tracker.ChunkSent("b"u8, 8) };
        tracker.Interrupt();
        marks.Add(tracker.ChunkSent("c"u8, 8));

        Assert.Equal(marks.Order(), marks);
        Assert.Equal(3, marks.Distinct().Count());
    }

    [Fact]
    public void Between_marks_the_playhead_advances_with_the_clock()
    {
        var clock = new ManualClock();
        var tracker = new PlaybackTracker(clock);
        var first = tracker.ChunkSent("item_1"u8, 800);
        tracker.ChunkSent("item_1"u8, 800);
        clock.Advance(100);
        tracker.MarkPlayed(first);

        clock.Advance(60);

        Assert.Equal(100, tracker.HeardMs);
        Assert.Equal(160, tracker.HeardNowMs);
        Assert.Equal(160, tracker.Interrupt().HeardMs);
    }

    [Fact]
    public void Playback_starts_when_audio_reaches_an_idle_line()
    {
        var clock = new ManualClock();
        var tracker = new PlaybackTracker(clock);
        tracker.ChunkSent("item_1"u8, 800);
        tracker.ChunkSent("item_1"u8, 800);

        clock.Advance(70);

        Assert.Equal(0, tracker.HeardMs);
        Assert.Equal(70, tracker.HeardNowMs);
    }

    [Fact]
    public void The_playhead_never_passes_what_was_sent()
    {
        var clock = new ManualClock();
        var tracker = new PlaybackTracker(clock);
        tracker.ChunkSent("item_1"u8, 800);

        clock.Advance(5000);

        Assert.Equal(100, tracker.Interrupt().HeardMs);
    }

    [Fact]
    public void An_item_queued_behind_another_starts_its_clock_when_the_other_has_played()
    {
        var clock = new ManualClock();
        var tracker = new PlaybackTracker(clock);
        var old = tracker.ChunkSent("item_1"u8, 8000);
        tracker.ChunkSent("item_2"u8, 8000);

        clock.Advance(600);
        Assert.Equal(0, tracker.HeardNowMs);

        clock.Advance(400);
        tracker.MarkPlayed(old);
        clock.Advance(30);

        Assert.Equal(30, tracker.HeardNowMs);
    }

    [Fact]
    public void A_mark_read_late_is_placed_by_the_stream_clock_of_the_frames_before_it()
    {
        var clock = new ManualClock();
        var tracker = new PlaybackTracker(clock);
        clock.Advance(5);
        tracker.CallerFrame(0); // frames arrive 5 ms after Twilio stamps them
        var first = tracker.ChunkSent("item_1"u8, 800);
        tracker.ChunkSent("item_1"u8, 800);
        clock.Advance(100);
        tracker.CallerFrame(100);

        // The receive loop falls 40 ms behind: the frame stamped 100 ms and the echo after it are read only now.
        clock.Advance(40);
        tracker.MarkPlayed(first);

        Assert.Equal(140, tracker.HeardNowMs);
    }

    [Fact]
    public void Tracking_a_chunk_and_its_mark_allocates_nothing_once_the_item_is_known()
    {
        var tracker = new PlaybackTracker();
        tracker.MarkPlayed(tracker.ChunkSent("item_1"u8, 800));

        var before = GC.GetAllocatedBytesForCurrentThread();
        long heard = 0;
        for (var i = 0; i < 1000; i++)
        {
            tracker.CallerFrame(i * 20);
            var mark = tracker.ChunkSent("item_1"u8, 800);
            heard += tracker.HeardNowMs;
            tracker.MarkPlayed(mark);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(heard > 0);
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(int ms) => _ticks += TimeSpan.TicksPerMillisecond * ms;
    }
}
