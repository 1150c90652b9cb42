using System.Buffers.Text;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Coordi.Contracts.V1;
using Coordi.Voice.Media;
using Coordi.Voice.Outbox;
using Coordi.Voice.Realtime;
using Coordi.Voice.Recording;
using Coordi.Voice.Tools;
using Coordi.Voice.Twilio;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// One live call: bridges the Twilio media stream and the OpenAI Realtime socket, handles barge-in, runs tools,
/// records transcript, audio and latency, and reports the call to the core when it ends.
/// </summary>
public sealed partial class CallSession(
    LiveCall call,
    TwilioMediaConnection twilio,
    IOptions<VoiceOptions> options,
    ToolDispatcher tools,
    DurableOutbox outbox,
    IRecordingStore recordings,
    TwilioCallControl callControl,
    VoiceMetrics metrics,
    TimeProvider clock,
    ILogger logger)
{
    /// <summary>How long the bridge waits for Twilio to stop the stream after hanging up through the REST API.</summary>
    private static readonly TimeSpan HangUpGrace = TimeSpan.FromSeconds(5);

    /// <summary>Longest a tool's answer waits for a holding phrase to finish or be cancelled.</summary>
    private static readonly TimeSpan HoldingPhraseWait = TimeSpan.FromSeconds(5);

    private readonly PlaybackTracker _playback = new();
    private readonly Lock _playbackLock = new();
    private readonly LatencyTracker _latency = new(clock);
    private readonly TranscriptRecorder _transcript = new(call, outbox, clock);
    private readonly ToolContext _toolContext = new(call);
    private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _end = new();
    private RealtimeConnection? _realtime;
    private CallRecorder? _recorder;
    private byte[] _responseId = [];
    private byte[] _cancelledResponseId = [];
    private volatile bool _responseInProgress;
    private volatile bool _replyRequested;
    private volatile bool _closeWhenQuiet;
    private volatile bool _ending;
    private volatile bool _hangUpWhenQuiet;
    private volatile string? _pendingGoodbye;
    private volatile HoldingPhrase? _holdingPhrase;
    private string? _holdingPhraseItemId;
    private string? _holdingPhraseResponseId;
    private string? _endNote;
    private WrapUpReason? _wrapUpBeforeConnect;
    private int _wrapUpStarted;
    private int _hangUpStarted;
    private long _lastCallerTimestampMs;

    public async Task RunAsync()
    {
        var started = clock.GetTimestamp();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = call.TenantId, ["CallId"] = call.CallId });
        metrics.CallStarted();
        LogCallStarted();
        try
        {
            if (call.Config.RecordingEnabled)
            {
                _recorder = new CallRecorder(recordings.WorkFolder, call.CallId);
            }

            using var timeLimit = new Timer(_ => _ = WrapUpAsync(WrapUpReason.TimeLimit), null, TimeSpan.FromSeconds(options.Value.MaxCallSeconds), Timeout.InfiniteTimeSpan);
            if (!await ConnectRealtimeAsync())
            {
                await FailOverToVoicemailAsync("OpenAI Realtime could not be reached");
                return;
            }

            if (_wrapUpBeforeConnect is { } early)
            {
                _ = WrapUpAsync(early);
            }

            var twilioPump = PumpTwilioAsync(_end.Token);
            var realtimePump = PumpRealtimeAsync(_end.Token);
            var first = await Task.WhenAny(twilioPump, realtimePump);
            if (first == realtimePump && !_ending)
            {
                // The model's socket dropped mid-call: the caller must not be left in silence.
                metrics.RealtimeDropped();
                await FailOverToVoicemailAsync("OpenAI Realtime connection dropped");
            }

            await _end.CancelAsync();
            await Task.WhenAll(twilioPump.ContinueWith(_ => { }), realtimePump.ContinueWith(_ => { }));
        }
        finally
        {
            await FinishAsync(clock.GetElapsedTime(started));
            metrics.CallEnded();
        }
    }

    private async Task<bool> ConnectRealtimeAsync()
    {
        var key = string.IsNullOrEmpty(call.Config.OpenaiApiKey) ? options.Value.OpenAiApiKey : call.Config.OpenaiApiKey;
        var model = string.IsNullOrEmpty(call.Config.OpenaiModel) ? options.Value.OpenAiModel : call.Config.OpenaiModel;
        if (string.IsNullOrEmpty(key))
        {
            logger.LogError("No OpenAI key for this tenant and no platform key configured");
            return false;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var endpoint = new Uri($"{options.Value.OpenAiRealtimeUrl}?model={Uri.EscapeDataString(model)}");
            _realtime = await RealtimeConnection.ConnectAsync(endpoint, key, timeout.Token);
            await _realtime.SendAsync(w => RealtimeSessionSettings.WriteSessionUpdate(w, call.Config), timeout.Token);
            // The agent speaks first: callers expect to be greeted.
            await _realtime.SendAsync(w => RealtimeSessionSettings.WriteResponseCreate(w, GreetingInstructions()), timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException)
        {
            logger.LogError(ex, "Could not open the Realtime session");
            metrics.RealtimeFailure();
            return false;
        }
    }

    private string GreetingInstructions()
    {
        var agent = call.Config.Agent;
        var parts = new List<string> { $"Greet the caller now, saying: \"{agent?.Greeting}\"" };
        if (agent?.AiDisclosure == true)
        {
            parts.Add("Mention that you are an AI assistant.");
        }

        if (agent?.RecordingDisclosure == true && call.Config.RecordingEnabled)
        {
            parts.Add("Mention that the call may be recorded.");
        }

        return string.Join(' ', parts);
    }

    private async Task PumpTwilioAsync(CancellationToken cancellationToken)
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
                        _ending = true;
                        return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The caller hung up or the call is ending: either way the pump is done.
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnCallerAudioAsync(ReadOnlyMemory<byte> payload, long timestampMs, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        _lastCallerTimestampMs = timestampMs;
        if (_realtime is { State: WebSocketState.Open } realtime)
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

        _recorder?.Caller(payload.Span, timestampMs);
        metrics.FrameBridged(clock.GetElapsedTime(start));
    }

    private void OnMarkPlayed(ReadOnlySpan<byte> name)
    {
        if (!Utf8Parser.TryParse(name, out long sequence, out var consumed) || consumed != name.Length)
        {
            return; // not one of our marks
        }

        lock (_playbackLock)
        {
            _playback.MarkPlayed(sequence);
        }

        CloseIfQuiet();
    }

    private async Task OnDigitAsync(char digit, CancellationToken cancellationToken)
    {
        if (_realtime is null)
        {
            return;
        }

        try
        {
            await _realtime.SendAsync(w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "conversation.item.create");
                w.WriteStartObject("item");
                w.WriteString("type", "message");
                w.WriteString("role", "user");
                w.WriteStartArray("content");
                w.WriteStartObject();
                w.WriteString("type", "input_text");
                w.WriteString("text", $"(The caller pressed {digit} on the keypad.)");
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The model's socket dropped; its pump hands the call to voicemail (see OnCallerAudioAsync).
        }
    }

    private async Task PumpRealtimeAsync(CancellationToken cancellationToken)
    {
        var realtime = _realtime!;
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

                await OnRealtimeEventAsync(message, e, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            if (!_ending)
            {
                logger.LogWarning(ex, "Realtime socket ended");
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnRealtimeEventAsync(ReadOnlyMemory<byte> message, RealtimeServerEvent e, CancellationToken cancellationToken)
    {
        switch (e.Type)
        {
            case RealtimeEventType.OutputAudioDelta:
                await OnAgentAudioAsync(message, e, cancellationToken);
                break;
            case RealtimeEventType.SpeechStarted:
                _latency.CallerStartedSpeaking();
                await BargeInAsync(cancellationToken);
                break;
            case RealtimeEventType.SpeechStopped:
                _latency.CallerStoppedSpeaking();
                break;
            case RealtimeEventType.ResponseCreated when e.ResponsePurpose == HoldingPhrase.Purpose:
                await OnHoldingPhraseStartedAsync(message.Span[e.ResponseId].ToArray(), cancellationToken);
                break;
            case RealtimeEventType.ResponseCreated:
                _responseInProgress = true;
                _replyRequested = false;
                _responseId = message.Span[e.ResponseId].ToArray();
                break;
            case RealtimeEventType.ResponseDone:
                _responseInProgress = false;
                if (e.ResponsePurpose == HoldingPhrase.Purpose)
                {
                    _holdingPhrase?.Finished();
                }

                await SayPendingGoodbyeAsync(cancellationToken);
                CloseIfQuiet();
                break;
            case RealtimeEventType.InputTranscriptionCompleted:
                _transcript.Add(Speaker.Caller, e.Transcript);
                break;
            case RealtimeEventType.OutputAudioTranscriptDone when IsHoldingPhrase(message.Span[e.ResponseId]):
                break; // said outside the conversation, like hold music: not part of the transcript
            case RealtimeEventType.OutputAudioTranscriptDone:
                _transcript.Add(Speaker.Agent, e.Transcript);
                break;
            case RealtimeEventType.OutputItemAdded when e.CallId is not null && e.Name is not null:
                _toolNames[e.CallId] = e.Name;
                break;
            case RealtimeEventType.OutputItemAdded when IsHoldingPhrase(message.Span[e.ResponseId]):
                _holdingPhraseItemId = System.Text.Encoding.UTF8.GetString(message.Span[e.ItemId]);
                break;
            case RealtimeEventType.FunctionCallArgumentsDone when e.CallId is not null:
                var name = e.Name ?? _toolNames.GetValueOrDefault(e.CallId) ?? "";
                _ = RunToolAsync(e.CallId, name, e.Arguments ?? "{}", cancellationToken);
                break;
            case RealtimeEventType.Error when e.ErrorCode is "session_expired":
                _ = OnSessionExpiredAsync(e.ErrorMessage);
                break;
            case RealtimeEventType.Error when e.ErrorCode is not "response_cancel_not_active":
                logger.LogWarning("Realtime error {Code}: {Message}", e.ErrorCode, e.ErrorMessage);
                break;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnAgentAudioAsync(ReadOnlyMemory<byte> message, RealtimeServerEvent e, CancellationToken cancellationToken)
    {
        var responseId = message.Span[e.ResponseId];
        if (e.DeltaEscaped || (_cancelledResponseId.Length > 0 && responseId.SequenceEqual(_cancelledResponseId)))
        {
            return; // audio of a reply the caller interrupted: it must never reach them
        }

        var delta = message[e.Delta];
        var audioBytes = Base64.GetMaxDecodedFromUtf8Length(delta.Length) - Padding(delta.Span);
        long mark;
        lock (_playbackLock)
        {
            mark = _playback.ChunkSent(message.Span[e.ItemId], audioBytes);
        }

        await twilio.SendAudioWithMarkAsync(delta, mark, cancellationToken);
        _recorder?.Agent(delta.Span);
        _latency.AgentAudioForwarded();
    }

    /// <summary>
    /// The caller spoke over the agent: stop what Twilio still has queued, stop the model's reply, and cut the
    /// model's memory of it at what the caller actually heard.
    /// </summary>
    private async ValueTask BargeInAsync(CancellationToken cancellationToken)
    {
        string? itemId;
        long heardMs;
        lock (_playbackLock)
        {
            if (!_playback.IsPlaying)
            {
                return;
            }

            (itemId, heardMs) = _playback.Interrupt();
            _cancelledResponseId = _responseId;
        }

        metrics.BargeIn();
        await twilio.SendClearAsync(cancellationToken);
        _recorder?.AgentCleared();
        if (_realtime is { } realtime)
        {
            await realtime.SendAsync(RealtimeSessionSettings.WriteResponseCancel, cancellationToken);
            if (itemId is not null && itemId != _holdingPhraseItemId)
            {
                // A holding phrase is not in the conversation, so there is nothing of it to truncate.
                await realtime.SendAsync(w => RealtimeSessionSettings.WriteTruncate(w, itemId, heardMs), cancellationToken);
            }
        }
    }

    private async Task RunToolAsync(string toolCallId, string name, string arguments, CancellationToken cancellationToken)
    {
        try
        {
            var run = tools.RunAsync(_toolContext, toolCallId, name, arguments, cancellationToken);
            var holding = await HoldTheLineAsync(run, cancellationToken);
            var result = await run;
            holding?.ToolReturned();
            await _realtime!.SendAsync(w => RealtimeSessionSettings.WriteFunctionOutput(w, toolCallId, result.OutputJson), cancellationToken);
            if (holding is not null)
            {
                // The answer's reply must not start while the holding phrase is still on the model's side.
                await holding.Done.WaitAsync(HoldingPhraseWait, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            if (result.EndWith is { } disposition)
            {
                call.Disposition = disposition;
                _closeWhenQuiet = true;
                if (disposition == CallDisposition.Escalate)
                {
                    // Let the agent say it is connecting them; the stream closes once that has played. Until the
                    // reply has started, nothing shows it is coming: without this the stream closes at once.
                    _replyRequested = true;
                    await _realtime.SendAsync(w => RealtimeSessionSettings.WriteResponseCreate(w, "Tell the caller, in one short sentence, that you are connecting them now."), cancellationToken);
                }

                _ = ForceCloseAfterAsync(TimeSpan.FromSeconds(15));
                CloseIfQuiet();
                return;
            }

            await _realtime.SendAsync(w => RealtimeSessionSettings.WriteResponseCreate(w, null), cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The call ended while the tool ran; its invocation is recorded regardless.
        }
    }

    private void CloseIfQuiet()
    {
        bool quiet;
        lock (_playbackLock)
        {
            quiet = !_playback.IsPlaying;
        }

        if (_closeWhenQuiet && quiet && !_responseInProgress && !_replyRequested && !_ending)
        {
            _ = _hangUpWhenQuiet ? HangUpAsync("goodbye said") : CloseStreamAsync("agent finished");
        }
    }

    private async Task ForceCloseAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, CancellationToken.None);
        if (!_ending)
        {
            await CloseStreamAsync("closing after the last words");
        }
    }

    private async Task CloseStreamAsync(string reason)
    {
        _ending = true;
        await twilio.CloseAsync(reason);
        await _end.CancelAsync();
    }

    /// <summary>
    /// Ends the call gracefully: the agent says a short goodbye (after the reply it is giving, if any), then the call
    /// is hung up through Twilio's REST API, at the latest after <see cref="VoiceOptions.GoodbyeSeconds"/>. If the
    /// model is gone, the caller gets the apology and voicemail instead. Does nothing when the call is already
    /// ending (hung up, transferring, or the agent has said goodbye itself).
    /// </summary>
    public async Task WrapUpAsync(WrapUpReason reason)
    {
        if (_ending || _closeWhenQuiet)
        {
            return;
        }

        var realtime = _realtime;
        if (realtime is null)
        {
            _wrapUpBeforeConnect = reason; // still connecting: wrapped up as soon as the model is there
            return;
        }

        if (Interlocked.Exchange(ref _wrapUpStarted, 1) == 1)
        {
            return;
        }

        logger.LogInformation("Wrapping up the call: {Reason}", reason);
        metrics.WrapUp(reason == WrapUpReason.Shutdown ? "shutdown" : "time_limit");
        _endNote = EndNote(reason);
        if (realtime.State != WebSocketState.Open)
        {
            await EndWithApologyAsync(CallDisposition.TimeLimit, "the model's session was gone at wrap-up");
            return;
        }

        _hangUpWhenQuiet = true;
        _replyRequested = true;
        _closeWhenQuiet = true;
        _ = HangUpAfterAsync(TimeSpan.FromSeconds(options.Value.GoodbyeSeconds));
        _pendingGoodbye = GoodbyeInstructions(reason);
        if (!_responseInProgress)
        {
            await SayPendingGoodbyeAsync(CancellationToken.None);
        }
    }

    /// <summary>Asks for the goodbye once no reply is in progress (a second response.create would be refused).</summary>
    private async ValueTask SayPendingGoodbyeAsync(CancellationToken cancellationToken)
    {
        if (_pendingGoodbye is null || Interlocked.Exchange(ref _pendingGoodbye, null) is not { } instructions || _realtime is not { } realtime)
        {
            return;
        }

        try
        {
            await realtime.SendAsync(w => RealtimeSessionSettings.WriteClosingResponse(w, instructions), cancellationToken);
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The session is already gone; the drop handling takes over.
        }
    }

    private static string GoodbyeInstructions(WrapUpReason reason) => reason switch
    {
        WrapUpReason.Shutdown =>
            "The call has to end now for a service restart. In one or two short sentences, apologise, tell the caller what happens next with their request, and say goodbye. Ask nothing.",
        _ =>
            "The call has reached its time limit. In one or two short sentences, tell the caller what happens next with their request and say goodbye. Ask nothing.",
    };

    private static string EndNote(WrapUpReason reason) => reason switch
    {
        WrapUpReason.Shutdown => "The call was ended for a service restart.",
        _ => "The call reached its time limit.",
    };

    private async Task HangUpAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, CancellationToken.None);
        if (!_ending)
        {
            await HangUpAsync("the goodbye took too long");
        }
    }

    /// <summary>
    /// Hangs up through Twilio's REST API; Twilio then stops the stream. Should Twilio not be reachable, the
    /// stream is closed instead and the &lt;Connect action&gt; answers with a hang-up.
    /// </summary>
    private async Task HangUpAsync(string why)
    {
        if (Interlocked.Exchange(ref _hangUpStarted, 1) == 1)
        {
            return;
        }

        _ending = true;
        logger.LogInformation("Hanging up: {Reason}", why);
        if (await callControl.HangUpAsync(call.Config, call.CallSid))
        {
            await Task.Delay(HangUpGrace, _end.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_end.IsCancellationRequested)
            {
                return;
            }
        }

        await CloseStreamAsync(why);
    }

    /// <summary>OpenAI ended the model's session at its time limit: it can say nothing more, so TwiML apologises.</summary>
    private async Task OnSessionExpiredAsync(string? message)
    {
        if (_ending)
        {
            return;
        }

        logger.LogWarning("The Realtime session expired: {Message}", message);
        metrics.WrapUp("session_expired");
        _endNote ??= EndNote(WrapUpReason.TimeLimit);
        await EndWithApologyAsync(CallDisposition.TimeLimit, "the model's session expired");
    }

    private async Task EndWithApologyAsync(CallDisposition disposition, string why)
    {
        call.Disposition = disposition;
        call.DispositionReason = why;
        await CloseStreamAsync(why);
    }

    /// <summary>
    /// Waits for the tool; if it is still running after <see cref="VoiceOptions.ToolFillerDelayMs"/> and the
    /// caller hears nothing, asks the model for a holding phrase outside the conversation. Returns that phrase.
    /// </summary>
    private async Task<HoldingPhrase?> HoldTheLineAsync(Task run, CancellationToken cancellationToken)
    {
        var delay = options.Value.ToolFillerDelayMs;
        if (delay <= 0)
        {
            return null;
        }

        await Task.WhenAny(run, Task.Delay(delay, cancellationToken));
        while (!run.IsCompleted && !cancellationToken.IsCancellationRequested && !_ending)
        {
            bool playing;
            lock (_playbackLock)
            {
                playing = _playback.IsPlaying;
            }

            if (!playing && !_responseInProgress && !_replyRequested && _holdingPhrase is null or { Done.IsCompleted: true })
            {
                return await RequestHoldingPhraseAsync(cancellationToken);
            }

            // The caller is still hearing the agent: the silence starts when that ends.
            await Task.WhenAny(run, Task.Delay(200, cancellationToken));
        }

        return null;
    }

    private async Task<HoldingPhrase?> RequestHoldingPhraseAsync(CancellationToken cancellationToken)
    {
        var phrase = new HoldingPhrase();
        _holdingPhrase = phrase;
        try
        {
            await _realtime!.SendAsync(w => RealtimeSessionSettings.WriteOutOfBandResponse(w, HoldingPhrase.Instructions, HoldingPhrase.Purpose), cancellationToken);
            metrics.HoldingPhrase();
            return phrase;
        }
        catch (Exception ex) when (ex is WebSocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            phrase.Finished();
            return null;
        }
    }

    private async ValueTask OnHoldingPhraseStartedAsync(byte[] responseIdBytes, CancellationToken cancellationToken)
    {
        var phrase = _holdingPhrase;
        var responseId = System.Text.Encoding.UTF8.GetString(responseIdBytes);
        _holdingPhraseResponseId = responseId;
        _responseInProgress = true;
        _responseId = responseIdBytes;
        if (phrase is null || !phrase.Started(responseId))
        {
            return;
        }

        // The tool answered before the phrase began: the caller goes straight to the answer.
        _cancelledResponseId = _responseId;
        await _realtime!.SendAsync(w => RealtimeSessionSettings.WriteResponseCancel(w, responseId), cancellationToken);
    }

    private bool IsHoldingPhrase(ReadOnlySpan<byte> responseId)
    {
        var phrase = _holdingPhraseResponseId;
        if (phrase is null || responseId.Length != phrase.Length)
        {
            return false;
        }

        for (var i = 0; i < responseId.Length; i++)
        {
            if (responseId[i] != phrase[i])
            {
                return false;
            }
        }

        return true;
    }

    private async Task FailOverToVoicemailAsync(string why)
    {
        logger.LogWarning("Handing the call to voicemail: {Reason}", why);
        call.Disposition = CallDisposition.Voicemail;
        call.DispositionReason = why;
        await CloseStreamAsync(why);
    }

    private async Task FinishAsync(TimeSpan duration)
    {
        string recordingRef = "";
        if (_recorder is not null)
        {
            try
            {
                var wav = Path.Combine(recordings.WorkFolder, call.CallId + ".wav");
                await _recorder.FinishAsync(wav, CancellationToken.None);
                recordingRef = await recordings.SaveAsync(call.TenantId, call.CallId, wav, CancellationToken.None);
            }
            catch (IOException ex)
            {
                logger.LogError(ex, "Could not write the call recording");
            }
            finally
            {
                await _recorder.DisposeAsync();
            }
        }

        if (_realtime is not null)
        {
            await _realtime.DisposeAsync();
        }

        // Turns first: the completion's outcome and summary read them, and they should reach the core before it.
        await _transcript.FlushAsync();
        var complete = new CompleteCallRequest
        {
            CallId = call.CallId,
            Status = CallStatus.Completed,
            Outcome = Outcome(),
            EndedAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow()),
            DurationSeconds = (int)Math.Round(duration.TotalSeconds),
            Summary = Summary(),
            RecordingRef = recordingRef,
            Latency = new CallLatency
            {
                FirstGreetingMs = _latency.FirstGreetingMs,
                ResponseP50Ms = _latency.Percentile(0.50),
                ResponseP95Ms = _latency.Percentile(0.95),
                TurnsMeasured = _latency.TurnsMeasured,
            },
        };
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CompleteCall, call.TenantId, JsonFormatter.Default.Format(complete)));
        call.StreamAttached = false;
        LogCallEnded(complete.Outcome, complete.DurationSeconds);
    }

    private CallOutcome Outcome() => call.Disposition switch
    {
        CallDisposition.Escalate => CallOutcome.Escalated,
        CallDisposition.Voicemail => CallOutcome.Voicemail,
        _ when _toolContext.Booked => CallOutcome.Booked,
        _ when _toolContext.LeadId is not null || _toolContext.LeadQueued => CallOutcome.Lead,
        _ when _transcript.Turns.All(t => t.Speaker != Speaker.Caller) => CallOutcome.Abandoned,
        _ => CallOutcome.Information,
    };

    private string Summary()
    {
        var callerSaid = _transcript.Turns.Where(t => t.Speaker == Speaker.Caller).Select(t => t.Text).Take(2).ToList();
        var what = Outcome() switch
        {
            CallOutcome.Booked => "Estimate booked.",
            CallOutcome.Lead => "Lead captured.",
            CallOutcome.Escalated => "Transferred to a person" + (call.DispositionReason is { } r ? $" ({r})." : "."),
            CallOutcome.Voicemail => "The assistant was unavailable; the caller was offered voicemail.",
            CallOutcome.Abandoned => "The caller hung up without speaking.",
            _ => "Questions answered.",
        };
        if (_endNote is not null)
        {
            what += " " + _endNote;
        }

        var text = callerSaid.Count == 0 ? what : $"{what} Caller: \"{string.Join(" ", callerSaid)}\"";
        return text.Length > 1000 ? text[..1000] : text;
    }

    private static int Padding(ReadOnlySpan<byte> base64) =>
        base64.Length == 0 ? 0 : base64[^1] != '=' ? 0 : base64.Length > 1 && base64[^2] == '=' ? 2 : 1;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped an inbound media stream frame: {Reason}")]
    private partial void LogFrameSkipped(string reason);

    // The first and last line of every call, both under its tenant and call id scope.
    [LoggerMessage(EventId = 1, EventName = "CallStarted", Level = LogLevel.Information, Message = "Call started")]
    private partial void LogCallStarted();

    [LoggerMessage(EventId = 2, EventName = "CallEnded", Level = LogLevel.Information, Message = "Call ended: {Outcome} after {DurationSeconds} s")]
    private partial void LogCallEnded(CallOutcome outcome, int durationSeconds);
}
