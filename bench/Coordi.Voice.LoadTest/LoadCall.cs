using System.Diagnostics;

namespace Coordi.Voice.LoadTest;

/// <summary>
/// One emulated call under load: Twilio streams the caller's audio every 20 ms, the caller speaks whenever the
/// agent has finished, and the scripted model answers every turn. Measures, per turn, the time from the model
/// detecting the end of the caller's speech (speech_stopped) to the first agent audio frame reaching the caller.
/// </summary>
public sealed class LoadCall : IAsyncDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly EmulatedCall _call;
    private readonly CallerMediaStream _media;
    private readonly RealtimeSession _session;
    private readonly WindowedHistogram _responses;
    private long _speechStoppedAt;

    private LoadCall(EmulatedCall call, RealtimeSession session, WindowedHistogram responses)
    {
        _call = call;
        _media = call.Media!;
        _session = session;
        _responses = responses;
        _session.SpeechStoppedObserver = () => Volatile.Write(ref _speechStoppedAt, Stopwatch.GetTimestamp());
        _media.AgentAudioObserver = OnAgentAudio;
    }

    /// <summary>True when the edge closed the stream while the caller was still talking to it.</summary>
    public bool Dropped => _media.Closed.IsCompleted;

    public static async Task<LoadCall> DialAsync(VoiceStack stack, LoadBusiness business, LoadOptions options, WindowedHistogram responses)
    {
        // Enough turns for the whole run, so the model never runs out of things to say.
        var turns = (options.Warmup + options.Seconds + 120) * 1000 / (options.SpeakMs + options.ReplyMs) + 1;
        var script = stack.Realtime.Expect(business.Marker).Agent(business.Greeting, options.ReplyMs);
        for (var turn = 0; turn < turns; turn++)
        {
            script.Caller($"Question {turn} about my water heater.").Agent($"Answer {turn}: we can help with that.", options.ReplyMs);
        }

        var call = await stack.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        if (call.Media is null)
        {
            throw new InvalidOperationException($"The edge answered {(int)call.WebhookStatus} without a media stream: {call.Twiml}");
        }

        try
        {
            var session = await script.Session.WaitAsync(TimeSpan.FromSeconds(30));
            return new LoadCall(call, session, responses);
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes turns with the agent until <paramref name="stop"/> or until the edge ends the call.</summary>
    public async Task ConverseAsync(int speakMs, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !Dropped)
            {
                while (!(_session.AwaitingCaller && _media.PlaybackIdle) && !Dropped)
                {
                    await Task.Delay(Poll, stop);
                }

                var heard = _session.CallerTranscripts.Count;
                _media.Speak(TimeSpan.FromMilliseconds(speakMs));
                while (_session.CallerTranscripts.Count <= heard && !Dropped)
                {
                    await Task.Delay(Poll, stop);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    public async Task HangUpAsync()
    {
        try
        {
            await _call.HangUpAsync();
        }
        catch (TimeoutException)
        {
            // The edge did not close in time; disposing aborts the stream.
        }
    }

    public ValueTask DisposeAsync() => _call.DisposeAsync();

    private void OnAgentAudio()
    {
        var stoppedAt = Interlocked.Exchange(ref _speechStoppedAt, 0);
        if (stoppedAt != 0)
        {
            _responses.Record(Stopwatch.GetElapsedTime(stoppedAt).TotalMilliseconds);
        }
    }
}
