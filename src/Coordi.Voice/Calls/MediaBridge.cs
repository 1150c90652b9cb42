using System.Buffers.Text;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Coordi.Voice.Media;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.Calls;

/// <summary>
/// The audio path of one call: caller audio to the model, the model's audio to the caller with a mark after each
/// chunk, and barge-in (clear Twilio, cancel the reply, truncate the model's memory of it at what was heard).
/// Agent turns reach the transcript only as far as the caller heard them. Every other model event is handed to
/// the call session. Per audio frame nothing is allocated and only the playback lock is taken.
/// </summary>
internal sealed partial class MediaBridge(
    TwilioMediaConnection twilio,
    RealtimeConnection realtime,
    ModelResponses responses,
    CallReport report,
    VoiceMetrics metrics,
    TimeProvider clock,
    ILogger logger,
    MediaBridge.ModelEventHandler onModelEvent,
    Action onMarkPlayed,
    Action onCallerHungUp)
{
    public delegate ValueTask ModelEventHandler(ReadOnlyMemory<byte> message, RealtimeServerEvent e, CancellationToken cancellationToken);

    private const int BytesPerMs = 8;

    private readonly PlaybackTracker _playback = new(clock);
    private readonly Lock _playbackLock = new(); // marks arrive on the caller pump, audio on the model pump
    private HeldTurn? _heldTurn;
    private CutItem? _cutItem; // model pump only

    /// <summary>True while the caller has agent audio still to hear.</summary>
    public bool IsPlaying
    {
        get
        {
            lock (_playbackLock)
            {
                return _playback.IsPlaying;
            }
        }
    }

    /// <summary>Relays Twilio's frames until the caller hangs up or the stream closes.</summary>
    public async Task PumpCallerAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (result, frame) = await twilio.ReceiveAsync(cancellationToken);
                switch (result)
                {
                    case ReceiveResult.Closed:
                        return;
                    case ReceiveResult.Oversized or ReceiveResult.Binary:
                        LogFrameSkipped(result.ToString());
                        metrics.FrameRejected();
                        continue;
                }

                if (!TwilioFrameParser.TryParse(frame.Span, out var f, out var error))
                {
                    LogFrameSkipped(error!);
                    metrics.FrameRejected();
                    continue;
                }

                switch (f.Event)
                {
                    case TwilioEventType.Media when !f.PayloadEscaped:
                        await OnCallerAudioAsync(frame[f.Payload], f.TimestampMs, cancellationToken);
                        break;
                    case TwilioEventType.Mark:
                        OnMarkPlayed(frame.Span[f.MarkName]);
                        break;
                    case TwilioEventType.Dtmf:
                        await OnDigitAsync(f.Digit, cancellationToken);
                        break;
                    case TwilioEventType.Stop:
                        onCallerHungUp();
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The caller hung up or the call is ending: either way the pump is done.
        }
    }

    /// <summary>Relays the model's events until its socket closes or the call ends.</summary>
    public async Task PumpModelAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var message = await realtime.ReceiveAsync(cancellationToken);
                if (message.IsEmpty)
                {
                    return;
                }

                if (!RealtimeEventParser.TryParse(message.Span, out var e))
                {
                    logger.LogWarning("Skipped a malformed Realtime event");
                    continue;
                }

                switch (e.Type)
                {
                    case RealtimeEventType.OutputAudioDelta:
                        await OnAgentAudioAsync(message, e, cancellationToken);
                        break;
                    case RealtimeEventType.SpeechStarted:
                        report.Latency.CallerStartedSpeaking();
                        await BargeInAsync(cancellationToken);
                        break;
                    case RealtimeEventType.SpeechStopped:
                        report.Latency.CallerStoppedSpeaking();
                        break;
                    default:
                        await onModelEvent(message, e, cancellationToken);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Realtime socket ended");
            }
        }
    }

    /// <summary>
    /// The transcript of an agent item: kept back while its audio is still playing (the caller may yet cut it),
    /// trimmed to the heard part when the item was cut, stored at once otherwise.
    /// </summary>
    public void AgentTranscript(ReadOnlySpan<byte> itemId, string? text)
    {
        if (text is null)
        {
            return;
        }

        if (_cutItem is { } cut && itemId.SequenceEqual(cut.ItemId))
        {
            _cutItem = null;
            report.AgentSaid(HeardTranscript.Of(text, cut.HeardMs, cut.GeneratedBytes / BytesPerMs));
            return;
        }

        string? earlier;
        bool hold;
        lock (_playbackLock)
        {
            earlier = _heldTurn?.Text;
            hold = _playback.IsPlaying && _playback.IsCurrentItem(itemId);
            _heldTurn = hold ? new HeldTurn(text, _playback.ItemId!) : null;
        }

        report.AgentSaid(earlier);
        if (!hold)
        {
            report.AgentSaid(text);
        }
    }

    /// <summary>The call is over: an agent turn still playing goes into the transcript as far as it was heard.</summary>
    public void ReleaseHeldTurn()
    {
        string? heard;
        lock (_playbackLock)
        {
            heard = _heldTurn is { } turn ? HeardTranscript.Of(turn.Text, _playback.HeardNowMs, _playback.SentMs) : null;
            _heldTurn = null;
        }

        report.AgentSaid(heard);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnCallerAudioAsync(ReadOnlyMemory<byte> payload, long timestampMs, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        if (realtime.State == WebSocketState.Open)
        {
            try
            {
                await realtime.AppendAudioAsync(payload, cancellationToken);
            }
            catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The model's socket dropped. Its own pump notices and hands the call to voicemail; ending this pump
                // instead would look like the caller hanging up, and the caller would be cut off.
            }
        }

        // No lock: the stream clock is written and read (by mark echoes) on this pump only.
        _playback.CallerFrame(timestampMs);
        report.Recorder?.Caller(payload.Span, timestampMs);
        metrics.FrameBridged(clock.GetElapsedTime(start));
    }

    private void OnMarkPlayed(ReadOnlySpan<byte> name)
    {
        if (!Utf8Parser.TryParse(name, out long sequence, out var consumed) || consumed != name.Length)
        {
            return; // not one of our marks
        }

        string? heardInFull = null;
        lock (_playbackLock)
        {
            _playback.MarkPlayed(sequence);
            if (_heldTurn is { } turn && !_playback.IsPlaying)
            {
                heardInFull = turn.Text;
                _heldTurn = null;
            }
        }

        report.AgentSaid(heardInFull);
        onMarkPlayed();
    }

    private async Task OnDigitAsync(char digit, CancellationToken cancellationToken)
    {
        try
        {
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteUserText(w, $"(The caller pressed {digit} on the keypad.)"), cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The model's socket dropped; its pump hands the call to voicemail (see OnCallerAudioAsync).
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnAgentAudioAsync(ReadOnlyMemory<byte> message, RealtimeServerEvent e, CancellationToken cancellationToken)
    {
        var delta = message[e.Delta];
        var audioBytes = Base64.GetMaxDecodedFromUtf8Length(delta.Length) - Padding(delta.Span);
        if (e.DeltaEscaped || responses.IsCancelled(message.Span[e.ResponseId]))
        {
            // Audio of a reply the caller interrupted (or a holding phrase no longer wanted): it must never reach
            // them. It still counts towards the cut item's length, against which the heard part of its text is measured.
            if (_cutItem is { } cut && message.Span[e.ItemId].SequenceEqual(cut.ItemId))
            {
                cut.GeneratedBytes += audioBytes;
            }

            return;
        }

        long mark;
        lock (_playbackLock)
        {
            mark = _playback.ChunkSent(message.Span[e.ItemId], audioBytes);
        }

        await twilio.SendAudioWithMarkAsync(delta, mark, cancellationToken);
        report.Recorder?.Agent(delta.Span);
        report.Latency.AgentAudioForwarded();
    }

    /// <summary>
    /// The caller spoke over the agent: stop what Twilio still has queued, stop the model's reply and drop any
    /// audio of it still on its way, and cut the model's memory of the reply at what the caller actually heard.
    /// </summary>
    private async ValueTask BargeInAsync(CancellationToken cancellationToken)
    {
        PlaybackCut cut;
        string? earlierTurn = null, heardTurn = null;
        lock (_playbackLock)
        {
            if (!_playback.IsPlaying)
            {
                return;
            }

            cut = _playback.Interrupt();
            if (_heldTurn is { } turn)
            {
                // The held turn is the item being cut (its text came before the caller heard it all), or an
                // earlier one that played out in full.
                var isCutItem = turn.ItemId == cut.ItemId;
                heardTurn = isCutItem ? HeardTranscript.Of(turn.Text, cut.HeardMs, cut.SentMs) : null;
                earlierTurn = isCutItem ? null : turn.Text;
                _heldTurn = null;
                _cutItem = isCutItem ? null : CutItem.Of(cut);
            }
            else
            {
                _cutItem = CutItem.Of(cut);
            }
        }

        responses.CancelCurrent();
        responses.CancelLatestAudio();
        metrics.BargeIn();
        await twilio.SendClearAsync(cancellationToken);
        report.Recorder?.AgentCleared();
        report.AgentSaid(earlierTurn);
        report.AgentSaid(heardTurn);
        await realtime.SendAsync(RealtimeSessionSettings.WriteResponseCancel, cancellationToken);
        if (cut.ItemId is { } itemId && itemId != responses.HoldingPhraseItemId)
        {
            // A holding phrase is not in the conversation, so there is nothing of it to truncate.
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteTruncate(w, itemId, cut.HeardMs), cancellationToken);
        }
    }

    private static int Padding(ReadOnlySpan<byte> base64) =>
        base64.Length == 0 ? 0 : base64[^1] != '=' ? 0 : base64.Length > 1 && base64[^2] == '=' ? 2 : 1;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an inbound media stream frame: {Reason}")]
    private partial void LogFrameSkipped(string reason);

    /// <summary>An agent turn whose text has arrived while its audio is still playing.</summary>
    private sealed record HeldTurn(string Text, string ItemId);

    /// <summary>An item cut by a barge-in whose text has not arrived yet, and how long it turned out to be.</summary>
    private sealed class CutItem(byte[] itemId, long heardMs, long generatedBytes)
    {
        public byte[] ItemId { get; } = itemId;
        public long HeardMs { get; } = heardMs;
        public long GeneratedBytes { get; set; } = generatedBytes;

        public static CutItem? Of(PlaybackCut cut) =>
            cut.ItemId is null ? null : new CutItem(System.Text.Encoding.UTF8.GetBytes(cut.ItemId), cut.HeardMs, cut.SentMs * BytesPerMs);
    }
}
