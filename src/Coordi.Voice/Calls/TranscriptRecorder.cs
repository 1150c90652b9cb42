using System.Threading.Channels;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Voice.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Voice.Calls;

/// <summary>
/// Numbers the call's turns and sends each to the core through the outbox, so the transcript survives a core
/// outage and a retried batch adds nothing twice (the core dedupes by sequence). The outbox's disk flush happens
/// on this recorder's own writer, in turn order, so the audio loop that reports a turn never waits for a disk.
/// </summary>
public sealed class TranscriptRecorder
{
    private readonly LiveCall _call;
    private readonly DurableOutbox _outbox;
    private readonly TimeProvider _clock;
    private readonly List<(Speaker Speaker, string Text)> _turns = [];
    private readonly Channel<AppendTranscriptTurnsRequest> _pending = Channel.CreateUnbounded<AppendTranscriptTurnsRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private int _sequence;

    public TranscriptRecorder(LiveCall call, DurableOutbox outbox, TimeProvider clock)
    {
        (_call, _outbox, _clock) = (call, outbox, clock);
        _writer = Task.Run(WriteAsync);
    }

    public IReadOnlyList<(Speaker Speaker, string Text)> Turns
    {
        get
        {
            lock (_turns)
            {
                return _turns.ToList();
            }
        }
    }

    public void Add(Speaker speaker, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        text = TextRules.StripControlCharacters(text).Trim();
        if (text.Length > 8000)
        {
            text = text[..8000];
        }

        var request = new AppendTranscriptTurnsRequest { CallId = _call.CallId };
        lock (_turns)
        {
            request.Turns.Add(new TranscriptTurn
            {
                Sequence = _sequence++,
                Speaker = speaker,
                Text = text,
                OccurredAt = Timestamp.FromDateTimeOffset(_clock.GetUtcNow()),
            });
            _turns.Add((speaker, text));
        }

        _pending.Writer.TryWrite(request);
    }

    /// <summary>Waits until every turn reported so far is in the outbox (before the call's completion is queued).</summary>
    public async Task FlushAsync()
    {
        _pending.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        await foreach (var request in _pending.Reader.ReadAllAsync())
        {
            await _outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.AppendTranscriptTurns, _call.TenantId, JsonFormatter.Default.Format(request)));
        }
    }
}
