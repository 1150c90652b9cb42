namespace Coordi.Voice.Calls;

/// <summary>
/// What the caller has actually heard of the agent's current audio item. Twilio echoes each mark when the
/// audio before it has played, so marks are the clock: "sent" is not "heard" (Twilio buffers seconds ahead).
/// Between marks the playhead is advanced by wall time, since audio plays at a fixed rate: with 100 ms chunks
/// the last mark alone is up to a chunk behind what the caller heard.
/// </summary>
public sealed class PlaybackTracker(TimeProvider clock)
{
    // μ-law at 8 kHz: one byte per sample, eight samples per millisecond.
    private const int BytesPerMs = 8;

    private readonly Queue<(long Sequence, long Item, long ItemEndMs)> _pending = new(64);
    private long _nextSequence;
    private long _item;
    private long _sentBytes;
    private long _ignoreMarksUpTo = -1;

    // Where the playhead of the current item was at a known moment (local clock, ms); only while that item is the one playing.
    private bool _anchored;
    private long _anchorMs;
    private double _anchorAtMs;

    // Twilio's stream clock, from the caller's media frames: the last frame's time, and the smallest gap seen
    // between a frame's time and its arrival here (the transit, without any wait in our own receive loop).
    // Written by media frames and read by mark echoes, both on the caller's receive loop.
    private long _lastStreamMs = -1;
    private double _streamToLocalMs = double.MaxValue;

    public PlaybackTracker()
        : this(TimeProvider.System)
    {
    }

    /// <summary>Id of the assistant audio item being played; null when nothing is playing.</summary>
    public string? ItemId { get; private set; }

    /// <summary>Milliseconds of the current item the caller has heard, by the last echoed mark.</summary>
    public long HeardMs { get; private set; }

    public long SentMs => _sentBytes / BytesPerMs;

    /// <summary>True while audio has been sent that the caller has not finished hearing.</summary>
    public bool IsPlaying => _pending.Count > 0;

    /// <summary>
    /// Milliseconds of the current item the caller has heard by now: the last echoed mark advanced by the time
    /// played since, never past what was sent.
    /// </summary>
    public long HeardNowMs
    {
        get
        {
            if (!_anchored || _pending.Count == 0)
            {
                return HeardMs;
            }

            var since = (long)(LocalMs() - _anchorAtMs);
            return Math.Clamp(_anchorMs + since, HeardMs, SentMs);
        }
    }

    /// <summary>Records a chunk of decoded length <paramref name="audioBytes"/> sent for <paramref name="itemId"/>; returns its mark.</summary>
    public long ChunkSent(ReadOnlySpan<byte> itemId, int audioBytes)
    {
        if (ItemId is null || !Matches(itemId))
        {
            // A new item starts its own clock (allocates once per reply, not per chunk).
            ItemId = System.Text.Encoding.UTF8.GetString(itemId);
            _item++;
            _sentBytes = 0;
            HeardMs = 0;
            _anchored = false;
        }

        if (_pending.Count == 0)
        {
            // Twilio has nothing left to play: this chunk starts playing as it arrives.
            Anchor(SentMs, LocalMs());
        }

        _sentBytes += audioBytes;
        var sequence = _nextSequence++;
        _pending.Enqueue((sequence, _item, _sentBytes / BytesPerMs));
        return sequence;
    }

    /// <summary>
    /// A caller media frame stamped <paramref name="streamMs"/> by Twilio arrived. A mark echo is read after the
    /// frames before it; if the receive loop is behind, the echo is read late, and the time Twilio sent it is
    /// better told by the stream clock than by the moment it was read.
    /// </summary>
    public void CallerFrame(long streamMs)
    {
        _lastStreamMs = streamMs;
        _streamToLocalMs = Math.Min(_streamToLocalMs, LocalMs() - streamMs);
    }

    /// <summary>Twilio played everything up to this mark.</summary>
    public void MarkPlayed(long sequence)
    {
        if (sequence <= _ignoreMarksUpTo)
        {
            return; // echoed for audio that a clear discarded: never heard
        }

        while (_pending.Count > 0 && _pending.Peek().Sequence <= sequence)
        {
            var played = _pending.Dequeue();
            if (played.Item == _item)
            {
                // Marks of an earlier item still queued at Twilio say nothing about the current one.
                HeardMs = played.ItemEndMs;
                Anchor(HeardMs, EchoedAtMs());
            }
            else if (_pending.Count > 0 && _pending.Peek().Item == _item)
            {
                // The earlier item has played out: the current one starts now.
                Anchor(0, EchoedAtMs());
            }
        }
    }

    /// <summary>
    /// The caller barged in: returns the item, how much of it was heard and how much was sent, and forgets the
    /// unplayed rest, including marks Twilio may still echo for it.
    /// </summary>
    public PlaybackCut Interrupt()
    {
        var result = new PlaybackCut(ItemId, HeardNowMs, SentMs);
        _ignoreMarksUpTo = _nextSequence - 1;
        _pending.Clear();
        ItemId = null;
        _sentBytes = 0;
        HeardMs = 0;
        _anchored = false;
        return result;
    }

    private void Anchor(long ms, double atMs)
    {
        _anchored = true;
        _anchorMs = ms;
        _anchorAtMs = atMs;
    }

    /// <summary>When Twilio sent the mark being read: no earlier than its last media frame before it, no later than now.</summary>
    private double EchoedAtMs()
    {
        var now = LocalMs();
        return _lastStreamMs < 0 ? now : Math.Min(now, _lastStreamMs + _streamToLocalMs);
    }

    private double LocalMs() => clock.GetTimestamp() * 1000.0 / clock.TimestampFrequency;

    /// <summary>Whether <paramref name="itemId"/> is the item being played.</summary>
    public bool IsCurrentItem(ReadOnlySpan<byte> itemId) => ItemId is not null && Matches(itemId);

    private bool Matches(ReadOnlySpan<byte> itemId)
    {
        var current = ItemId!;
        if (current.Length != itemId.Length)
        {
            return false;
        }

        for (var i = 0; i < itemId.Length; i++)
        {
            if (current[i] != itemId[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>What a barge-in cut: the item, the milliseconds of it the caller heard and the milliseconds sent.</summary>
public readonly record struct PlaybackCut(string? ItemId, long HeardMs, long SentMs);
