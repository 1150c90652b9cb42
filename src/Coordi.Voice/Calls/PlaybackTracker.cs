namespace Coordi.Voice.Calls;

/// <summary>
/// What the caller has actually heard of the agent's current audio item. Twilio echoes each mark when the
/// audio before it has played, so marks are the clock: "sent" is not "heard" (Twilio buffers seconds ahead).
/// </summary>
public sealed class PlaybackTracker
{
    // μ-law at 8 kHz: one byte per sample, eight samples per millisecond.
    private const int BytesPerMs = 8;

    private readonly Queue<(long Sequence, long Item, long ItemEndMs)> _pending = new(64);
    private long _nextSequence;
    private long _item;
    private long _sentBytes;
    private long _ignoreMarksUpTo = -1;

    /// <summary>Id of the assistant audio item being played; null when nothing is playing.</summary>
    public string? ItemId { get; private set; }

    /// <summary>Milliseconds of the current item the caller has heard.</summary>
    public long HeardMs { get; private set; }

    public long SentMs => _sentBytes / BytesPerMs;

    /// <summary>True while audio has been sent that the caller has not finished hearing.</summary>
    public bool IsPlaying => _pending.Count > 0;

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
        }

        _sentBytes += audioBytes;
        var sequence = _nextSequence++;
        _pending.Enqueue((sequence, _item, _sentBytes / BytesPerMs));
        return sequence;
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
            }
        }
    }

    /// <summary>
    /// The caller barged in: returns the item and how much of it was heard, and forgets the unplayed rest,
    /// including marks Twilio may still echo for it.
    /// </summary>
    public (string? ItemId, long HeardMs) Interrupt()
    {
        var result = (ItemId, HeardMs);
        _ignoreMarksUpTo = _nextSequence - 1;
        _pending.Clear();
        ItemId = null;
        _sentBytes = 0;
        HeardMs = 0;
        return result;
    }

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
