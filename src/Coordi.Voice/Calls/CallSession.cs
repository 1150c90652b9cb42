using System.Net.WebSockets;
using Coordi.Contracts.V1;
using Coordi.Voice.Media;
using Coordi.Voice.Outbox;
using Coordi.Voice.Realtime;
using Coordi.Voice.Recording;
using Coordi.Voice.Tools;
using Coordi.Voice.Twilio;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// One live call from stream start to its report. It opens the model's session, lets the
/// <see cref="MediaBridge"/> carry the audio and the <see cref="ToolRunner"/> the tools, acts on the model's
/// turn events, and decides how the call ends: every change of <see cref="CallPhase"/> goes through one
/// <see cref="CallLifecycle"/>. When it is over, the <see cref="CallReport"/> tells the core.
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
    /// <summary>How long the session waits for Twilio to stop the stream after hanging up through the REST API.</summary>
    private static readonly TimeSpan HangUpGrace = TimeSpan.FromSeconds(5);

    /// <summary>Longest the agent's last words (goodbye, "connecting you now") may take before the stream closes regardless.</summary>
    private static readonly TimeSpan LastWordsLimit = TimeSpan.FromSeconds(15);

    private readonly CallLifecycle _lifecycle = new();
    private readonly ModelResponses _responses = new();
    private readonly CallReport _report = new(call, outbox, recordings, clock, logger);
    private readonly CancellationTokenSource _end = new();
    private RealtimeConnection? _realtime;
    private MediaBridge? _bridge;
    private ToolRunner? _tools;
    private int _wrapUpWhenConnected = -1;
    private string? _pendingGoodbye;

    public CallPhase Phase => _lifecycle.Phase;

    public async Task RunAsync()
    {
        var started = clock.GetTimestamp();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = call.TenantId, ["CallId"] = call.CallId });
        metrics.CallStarted();
        LogCallStarted();
        try
        {
            _report.StartRecording();
            using var timeLimit = new Timer(_ => _ = WrapUpAsync(WrapUpReason.TimeLimit), null, TimeSpan.FromSeconds(options.Value.MaxCallSeconds), Timeout.InfiniteTimeSpan);
            var realtime = await ModelSessionStart.OpenAsync(call, options.Value, metrics, logger);
            if (realtime is null)
            {
                await EndWithAsync(CallDisposition.Voicemail, "OpenAI Realtime could not be reached");
                return;
            }

            var bridge = _bridge = new MediaBridge(twilio, realtime, _responses, _report, metrics, clock, logger, OnModelEventAsync, CloseIfQuiet, () => _lifecycle.TryEnd());
            _tools = new ToolRunner(tools, _report.Tools, realtime, _responses, _lifecycle, () => bridge.IsPlaying, FinishWithAsync, options, metrics);
            _realtime = realtime;
            if (_lifecycle.TryMove(CallPhase.Connecting, CallPhase.Talking) && Interlocked.Exchange(ref _wrapUpWhenConnected, -1) is >= 0 and var early)
            {
                _ = WrapUpAsync((WrapUpReason)early);
            }

            var callerPump = bridge.PumpCallerAsync(_end.Token);
            var modelPump = bridge.PumpModelAsync(_end.Token);
            if (await Task.WhenAny(callerPump, modelPump) == modelPump && !_lifecycle.IsEnding)
            {
                metrics.RealtimeDropped();
                await FailOverAsync("OpenAI Realtime connection dropped");
            }

            await _end.CancelAsync();
            await Task.WhenAll(callerPump.ContinueWith(_ => { }), modelPump.ContinueWith(_ => { }));
        }
        finally
        {
            await FinishAsync(clock.GetElapsedTime(started));
            metrics.CallEnded();
        }
    }

    /// <summary>
    /// Ends the call gracefully: the agent says a short goodbye (after the reply it is giving, if any), then the call
    /// is hung up through Twilio's REST API, at the latest after <see cref="VoiceOptions.GoodbyeSeconds"/>. If the
    /// model is gone, the caller gets the apology and voicemail instead. Does nothing when the call is already
    /// ending (hung up, transferring, or the agent has said goodbye itself).
    /// </summary>
    public async Task WrapUpAsync(WrapUpReason reason)
    {
        if (_lifecycle.Phase == CallPhase.Connecting)
        {
            // Still opening the model's session: wrapped up as soon as the model is there. Should the session have
            // opened meanwhile, and the request not been taken up, it is carried out here.
            Interlocked.CompareExchange(ref _wrapUpWhenConnected, (int)reason, -1);
            if (_lifecycle.Phase == CallPhase.Connecting || Interlocked.Exchange(ref _wrapUpWhenConnected, -1) < 0)
            {
                return;
            }
        }

        if (_realtime is not { } realtime || _lifecycle.Phase != CallPhase.Talking)
        {
            return;
        }

        // Announced before the phase changes, so a mark played in between cannot hang up before the goodbye.
        _responses.Requested();
        if (!_lifecycle.TryMove(CallPhase.Talking, CallPhase.SayingGoodbye))
        {
            return;
        }

        logger.LogInformation("Wrapping up the call: {Reason}", reason);
        metrics.WrapUp(reason == WrapUpReason.Shutdown ? "shutdown" : "time_limit");
        _report.EndNote = EndNote(reason);
        if (realtime.State != WebSocketState.Open)
        {
            await EndWithAsync(CallDisposition.TimeLimit, "the model's session was gone at wrap-up");
            return;
        }

        _ = HangUpAfterAsync(TimeSpan.FromSeconds(options.Value.GoodbyeSeconds));
        _pendingGoodbye = GoodbyeInstructions(reason);
        if (!_responses.InProgress)
        {
            await SayPendingGoodbyeAsync(CancellationToken.None);
        }
    }

    /// <summary>The model's turn events other than audio and speech, which the media bridge handles itself.</summary>
    private async ValueTask OnModelEventAsync(ReadOnlyMemory<byte> message, RealtimeServerEvent e, CancellationToken cancellationToken)
    {
        if (RealtimeFailure.Of(e) is { } failure)
        {
            logger.LogError("The model failed: {Code}", failure);
            await FailOverAsync($"The assistant's AI service failed: {failure}");
            return;
        }

        var holdingPhrase = e.ResponsePurpose == HoldingPhrase.Purpose || _responses.IsHoldingPhrase(message.Span[e.ResponseId]);
        switch (e.Type)
        {
            case RealtimeEventType.ResponseCreated:
                _responses.Created(message.Span[e.ResponseId], holdingPhrase);
                if (holdingPhrase)
                {
                    await _tools!.HoldingPhraseStartedAsync(message[e.ResponseId], cancellationToken);
                }

                break;
            case RealtimeEventType.ResponseDone:
                _responses.Done();
                if (holdingPhrase)
                {
                    _tools!.HoldingPhraseFinished();
                }

                await SayPendingGoodbyeAsync(cancellationToken);
                CloseIfQuiet();
                break;
            case RealtimeEventType.InputTranscriptionCompleted:
                _report.CallerSaid(e.Transcript);
                break;
            case RealtimeEventType.OutputAudioTranscriptDone when !holdingPhrase:
                // A holding phrase is said outside the conversation, like hold music: not part of the transcript.
                _bridge!.AgentTranscript(message.Span[e.ItemId], e.Transcript);
                break;
            case RealtimeEventType.OutputItemAdded when e.CallId is not null && e.Name is not null:
                _tools!.Named(e.CallId, e.Name);
                break;
            case RealtimeEventType.OutputItemAdded when holdingPhrase:
                _responses.HoldingPhraseItem(message.Span[e.ItemId]);
                break;
            case RealtimeEventType.FunctionCallArgumentsDone when e.CallId is not null:
                _tools!.Start(e.CallId, e.Name, e.Arguments, cancellationToken);
                break;
            case RealtimeEventType.Error when e.ErrorCode is RealtimeFailure.SessionExpired:
                await OnSessionExpiredAsync(e.ErrorMessage);
                break;
            case RealtimeEventType.Error:
                logger.LogWarning("Realtime refused a request: {Code}", e.ErrorCode);
                break;
        }
    }

    /// <summary>
    /// A tool ended the conversation: the agent's last words play out, then the stream closes and the
    /// &lt;Connect action&gt; carries out the disposition (hang up, or transfer).
    /// </summary>
    private async Task FinishWithAsync(CallDisposition disposition, CancellationToken cancellationToken)
    {
        call.Disposition = disposition;
        if (disposition == CallDisposition.Escalate && _lifecycle.Phase == CallPhase.Talking)
        {
            // Let the agent say it is connecting them; the stream closes once that has played. Until the reply
            // has started, nothing shows it is coming: without this the stream closes at once.
            _responses.Requested();
        }

        if (!_lifecycle.TryMove(CallPhase.Talking, CallPhase.Finishing))
        {
            CloseIfQuiet();
            return;
        }

        if (disposition == CallDisposition.Escalate)
        {
            await _realtime!.SendAsync(w => RealtimeSessionSettings.WriteResponseCreate(w, "Tell the caller, in one short sentence, that you are connecting them now."), cancellationToken);
        }

        _ = CloseStreamAfterAsync(LastWordsLimit);
        CloseIfQuiet();
    }

    /// <summary>Once the agent's last words have played, the stream closes (or the call is hung up after a goodbye).</summary>
    private void CloseIfQuiet()
    {
        var phase = _lifecycle.Phase;
        if (phase is not (CallPhase.Finishing or CallPhase.SayingGoodbye) || _responses.Busy || _bridge!.IsPlaying)
        {
            return;
        }

        _ = phase == CallPhase.SayingGoodbye ? HangUpAsync("goodbye said") : CloseStreamAsync("agent finished");
    }

    /// <summary>Asks for the goodbye once no reply is in progress (a second response.create would be refused).</summary>
    private async ValueTask SayPendingGoodbyeAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _pendingGoodbye, null) is not { } instructions || _realtime is not { } realtime)
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
        await Task.Delay(delay, clock, CancellationToken.None);
        await HangUpAsync("the goodbye took too long");
    }

    private async Task CloseStreamAfterAsync(TimeSpan delay)
    {
        await Task.Delay(delay, clock, CancellationToken.None);
        await CloseStreamAsync("closing after the last words");
    }

    /// <summary>
    /// Hangs up through Twilio's REST API; Twilio then stops the stream. Should Twilio not be reachable, the
    /// stream is closed instead and the &lt;Connect action&gt; answers with a hang-up.
    /// </summary>
    private async Task HangUpAsync(string why)
    {
        if (!_lifecycle.TryEnd())
        {
            return;
        }

        logger.LogInformation("Hanging up: {Reason}", why);
        if (await callControl.HangUpAsync(call.Config, call.CallSid))
        {
            await Task.Delay(HangUpGrace, clock, _end.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_end.IsCancellationRequested)
            {
                return;
            }
        }

        await CloseNowAsync(why);
    }

    /// <summary>OpenAI ended the model's session at its time limit: it can say nothing more, so TwiML apologises.</summary>
    private async Task OnSessionExpiredAsync(string? message)
    {
        if (_lifecycle.IsEnding)
        {
            return;
        }

        logger.LogWarning("The Realtime session expired: {Message}", message);
        metrics.WrapUp("session_expired");
        _report.EndNote ??= EndNote(WrapUpReason.TimeLimit);
        await EndWithAsync(CallDisposition.TimeLimit, "the model's session expired");
    }

    /// <summary>
    /// The model can no longer answer (its socket dropped, or it reported a failure): rather than leave the caller
    /// in silence, the stream closes now and the &lt;Connect action&gt; apologises, takes a voicemail and texts the
    /// owner. A failed response is not retried: a second response.create would add its own wait to the silence
    /// the caller is already in, the failures seen (quota, key, server errors) do not clear within seconds, and a
    /// voicemail loses nothing of the caller's request. A tool that already chose how the call ends (a transfer,
    /// or the agent's goodbye) keeps that ending; only its last words are lost.
    /// </summary>
    private async Task FailOverAsync(string why)
    {
        if (_lifecycle.Phase == CallPhase.Finishing)
        {
            await CloseStreamAsync(why);
            return;
        }

        await EndWithAsync(CallDisposition.Voicemail, why);
    }

    /// <summary>Ends the call with <paramref name="disposition"/>, which the &lt;Connect action&gt; carries out once the stream has closed.</summary>
    private async Task EndWithAsync(CallDisposition disposition, string why)
    {
        if (!_lifecycle.TryEnd())
        {
            return;
        }

        logger.LogWarning("Ending the call with {Disposition}: {Reason}", disposition, why);
        call.Disposition = disposition;
        call.DispositionReason = why;
        await CloseNowAsync(why);
    }

    private async Task CloseStreamAsync(string why)
    {
        if (_lifecycle.TryEnd())
        {
            await CloseNowAsync(why);
        }
    }

    /// <summary>
    /// Closes the stream through its connection (which keeps what the &lt;Connect action&gt; needs before the socket
    /// closes), then stops both pumps.
    /// </summary>
    private async Task CloseNowAsync(string why)
    {
        await twilio.CloseAsync(why);
        await _end.CancelAsync();
    }

    private async Task FinishAsync(TimeSpan duration)
    {
        _lifecycle.TryEnd();
        _bridge?.ReleaseHeldTurn();
        if (_realtime is not null)
        {
            await _realtime.DisposeAsync();
        }

        var complete = await _report.FinishAsync(duration);
        call.StreamAttached = false;
        LogCallEnded(complete.Outcome, complete.DurationSeconds);
    }

    // The first and last line of every call, both under its tenant and call id scope.
    [LoggerMessage(EventId = 1, EventName = "CallStarted", Level = LogLevel.Information, Message = "Call started")]
    private partial void LogCallStarted();

    [LoggerMessage(EventId = 2, EventName = "CallEnded", Level = LogLevel.Information, Message = "Call ended: {Outcome} after {DurationSeconds} s")]
    private partial void LogCallEnded(CallOutcome outcome, int durationSeconds);
}
