namespace Coordi.Testing.Fakes;

/// <summary>
/// Twilio's playout buffer on the caller's side: agent audio and marks in arrival order, played 20 ms at a time.
/// A mark falls due once everything before it has played, that is at the start of the frame after its audio; a clear drops what has not played and hands back the
/// marks it held. What arrived and what was heard are counted per byte value, so a listener can tell replies
/// apart when each is made of one value.
/// </summary>
internal sealed class CallerPlayback
{
    private const double FrameMs = 20;

    private readonly Lock _gate = new();
    private readonly Queue<Queued> _queue = new();
    private readonly long[] _heard = new long[256];
    private readonly long[] _received = new long[256];
    private readonly List<long[]> _heardAtClear = [];
    private readonly List<long[]> _receivedAtClear = [];
    private readonly List<double[]> _playedAtClear = [];
    private readonly long[] _lastFrame = new long[256];
    private long _lastFrameAt;

    /// <summary>Nothing left to play and no mark waiting to fall due.</summary>
    public bool Idle
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count == 0;
            }
        }
    }

    public long QueuedAudioBytes
    {
        get
        {
            lock (_gate)
            {
                return _queue.Sum(q => q.Audio is null ? 0 : q.Audio.Length - q.Offset);
            }
        }
    }

    public int Clears
    {
        get
        {
            lock (_gate)
            {
                return _heardAtClear.Count;
            }
        }
    }

    public void Enqueue(byte[] audio)
    {
        lock (_gate)
        {
            foreach (var b in audio)
            {
                _received[b]++;
            }

            _queue.Enqueue(new Queued { Audio = audio });
        }
    }

    public void EnqueueMark(string name)
    {
        lock (_gate)
        {
            _queue.Enqueue(new Queued { Mark = name });
        }
    }

    /// <summary>Plays up to <paramref name="budget"/> bytes; returns the marks now due and whether any audio played.</summary>
    public (List<string> DueMarks, bool Played) Play(int budget)
    {
        var due = new List<string>();
        var played = false;
        lock (_gate)
        {
            Array.Clear(_lastFrame);
            _lastFrameAt = System.Diagnostics.Stopwatch.GetTimestamp();
            while (_queue.Count > 0)
            {
                var head = _queue.Peek();
                if (head.Mark is not null)
                {
                    if (played)
                    {
                        break; // the audio before it is still playing out in this frame: due at the next one
                    }

                    due.Add(_queue.Dequeue().Mark!);
                    continue;
                }

                if (budget == 0)
                {
                    break;
                }

                var n = Math.Min(budget, head.Audio!.Length - head.Offset);
                foreach (var b in head.Audio.AsSpan(head.Offset, n))
                {
                    _heard[b]++;
                    _lastFrame[b]++;
                }

                played = true;
                head.Offset += n;
                budget -= n;
                if (head.Offset == head.Audio.Length)
                {
                    _queue.Dequeue();
                }
            }
        }

        return (due, played);
    }

    /// <summary>Drops everything not yet played; returns the marks that were waiting (Twilio echoes them).</summary>
    public List<string> Clear()
    {
        lock (_gate)
        {
            _heardAtClear.Add((long[])_heard.Clone());
            _receivedAtClear.Add((long[])_received.Clone());

            // The frame playing now counts as heard from its first sample; on a phone only the part up to this
            // moment has been heard.
            var intoFrame = Math.Min(System.Diagnostics.Stopwatch.GetElapsedTime(_lastFrameAt).TotalMilliseconds, FrameMs);
            var played = new double[256];
            for (var v = 0; v < 256; v++)
            {
                played[v] = (_heard[v] - (_lastFrame[v] * (1 - (intoFrame / FrameMs)))) / MuLawAudio.BytesPerMs;
            }

            _playedAtClear.Add(played);
            var marks = _queue.Where(q => q.Mark is not null).Select(q => q.Mark!).ToList();
            _queue.Clear();
            return marks;
        }
    }

    public long HeardBytes(byte value)
    {
        lock (_gate)
        {
            return _heard[value];
        }
    }

    public long ReceivedBytes(byte value)
    {
        lock (_gate)
        {
            return _received[value];
        }
    }

    public long HeardBytesAtClear(int clear, byte value)
    {
        lock (_gate)
        {
            return _heardAtClear[clear][value];
        }
    }

    /// <summary>Milliseconds of <paramref name="value"/> audio played up to the moment the <paramref name="clear"/>-th clear arrived, counting the frame then playing only in part.</summary>
    public double PlayedMsAtClear(int clear, byte value)
    {
        lock (_gate)
        {
            return _playedAtClear[clear][value];
        }
    }

    public long ReceivedBytesAtClear(int clear, byte value)
    {
        lock (_gate)
        {
            return _receivedAtClear[clear][value];
        }
    }

    private sealed class Queued
    {
        public byte[]? Audio { get; init; }

        public int Offset { get; set; }

        public string? Mark { get; init; }
    }
}
