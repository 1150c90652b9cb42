using Coordi.Contracts.V1;
using Coordi.Voice.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Voice.Calls;

/// <summary>
/// Numbers the call's turns and sends each to the core through the outbox, so the transcript survives a core
/// outage and a retried batch adds nothing twice (the core dedupes by sequence).
/// </summary>
public sealed class TranscriptRecorder(LiveCall call, DurableOutbox outbox, TimeProvider clock)
{
    private readonly List<(Speaker Speaker, string Text)> _turns = [];
    private int _sequence;

    public IReadOnlyList<(Speaker Speaker, string Text)> Turns => _turns;

    public async Task AddAsync(Speaker speaker, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        text = text.Trim();
        if (text.Length > 8000)
        {
            text = text[..8000];
        }

        int sequence;
        lock (_turns)
        {
            sequence = _sequence++;
            _turns.Add((speaker, text));
        }

        var request = new AppendTranscriptTurnsRequest { CallId = call.CallId };
        request.Turns.Add(new TranscriptTurn
        {
            Sequence = sequence,
            Speaker = speaker,
            Text = text,
            OccurredAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
        });
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.AppendTranscriptTurns, call.TenantId, JsonFormatter.Default.Format(request)));
    }
}
