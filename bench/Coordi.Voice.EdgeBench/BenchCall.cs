using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Xml.Linq;

namespace Coordi.Voice.EdgeBench;

/// <summary>
/// One emulated caller, as Twilio carries it: the signed incoming-call webhook, then the Media Stream the TwiML
/// names. Every 20 ms (absolute deadlines) it sends one stamped frame and plays 20 ms of the agent audio it was
/// sent, echoing each mark once the audio before it has played. When the agent has finished and a short pause
/// has passed, the caller speaks; a turn whose reply never arrives is counted.
/// </summary>
public sealed class BenchCall : IAsyncDisposable
{
    private const int FrameBytes = 160;
    private const int PauseTicks = 30; // 600 ms between the agent's last audio and the caller speaking
    private const int ReplyTimeoutTicks = 400; // 8 s without a reply: the turn went unanswered

    private readonly ClientWebSocket _socket = new();
    private readonly BenchStats _stats;
    private readonly int _speakTicks;
    private readonly string _streamSid = "MZ" + Guid.NewGuid().ToString("N");
    private readonly string _callSid;
    private readonly Lock _playbackGate = new();
    private readonly Queue<(long At, string Name)> _marks = new();
    private readonly List<string> _dueMarks = [];
    private long _receivedBytes; // agent audio received
    private long _playedBytes;
    private long _lastAudioTick = -1;
    private long _tick;
    private long _sequence;
    private int _speakingLeft;
    private long _awaitingSince = -1;
    private long _startSentAt;
    private int _greeted;
    private Task _receiving = Task.CompletedTask;
    private Task _ticking = Task.CompletedTask;
    private readonly CancellationTokenSource _stop = new();

    private BenchCall(string callSid, BenchStats stats, int speakMs)
    {
        _callSid = callSid;
        _stats = stats;
        _speakTicks = speakMs / 20;
    }

    /// <summary>True when the edge closed the stream (or it dropped) before the caller hung up.</summary>
    public bool Dropped { get; private set; }

    public static async Task<BenchCall> DialAsync(HttpClient http, Uri edge, string from, string to, BenchStats stats, int speakMs)
    {
        var callSid = TestData.CallSid();
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = EdgeSettings.TwilioAccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["CallSid"] = callSid,
            ["CallStatus"] = "ringing",
            ["Direction"] = "inbound",
            ["From"] = from,
            ["To"] = to,
        };
        var url = new Uri(edge, "/twilio/voice").ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioCallerEmulator.SignatureHeader, TwilioCallerEmulator.Sign(EdgeSettings.TwilioAuthToken, url, form));
        var posted = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        stats.Webhook.RecordTicks(Stopwatch.GetTimestamp() - posted);
        var stream = response.IsSuccessStatusCode ? XDocument.Parse(body).Root?.Element("Connect")?.Element("Stream") : null;
        if (stream is null)
        {
            throw new InvalidOperationException($"The edge answered {(int)response.StatusCode} without a media stream: {body}");
        }

        var parameters = stream.Elements("Parameter").ToDictionary(p => p.Attribute("name")!.Value, p => p.Attribute("value")!.Value);
        var call = new BenchCall(callSid, stats, speakMs);
        try
        {
            await call.ConnectAsync(new Uri(stream.Attribute("url")!.Value), parameters);
            return call;
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAsync(Uri url, Dictionary<string, string> parameters)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var connecting = Stopwatch.GetTimestamp();
        await _socket.ConnectAsync(url, timeout.Token);
        _stats.Attach.RecordTicks(Stopwatch.GetTimestamp() - connecting);
        await SendAsync(Encoding.UTF8.GetBytes("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}"));
        var custom = string.Join(',', parameters.Select(p => $"\"{p.Key}\":\"{p.Value}\""));
        _startSentAt = Stopwatch.GetTimestamp();
        await SendAsync(Encoding.UTF8.GetBytes(
            $"{{\"event\":\"start\",\"sequenceNumber\":\"{++_sequence}\",\"start\":{{\"accountSid\":\"{EdgeSettings.TwilioAccountSid}\",\"streamSid\":\"{_streamSid}\",\"callSid\":\"{_callSid}\"," +
            $"\"tracks\":[\"inbound\"],\"mediaFormat\":{{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}},\"customParameters\":{{{custom}}}}},\"streamSid\":\"{_streamSid}\"}}"));
        _receiving = Task.Run(ReceiveLoopAsync);
        _ticking = Task.Run(TickLoopAsync);
    }

    public async Task HangUpAsync()
    {
        await _stop.CancelAsync();
        await _ticking;
        if (_socket.State != WebSocketState.Open)
        {
            return;
        }

        try
        {
            await SendAsync(Encoding.UTF8.GetBytes($"{{\"event\":\"stop\",\"sequenceNumber\":\"{++_sequence}\",\"streamSid\":\"{_streamSid}\",\"stop\":{{\"accountSid\":\"{EdgeSettings.TwilioAccountSid}\",\"callSid\":\"{_callSid}\"}}}}"));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "caller hung up", timeout.Token);
            await _receiving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The edge went first or took too long; disposing aborts the stream.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await Task.WhenAll(_receiving, _ticking).ContinueWith(_ => { });
        _socket.Dispose();
    }

    private async Task TickLoopAsync()
    {
        var clock = Stopwatch.StartNew();
        var audio = new byte[FrameBytes];
        var payload = new byte[Base64.GetMaxEncodedToUtf8Length(FrameBytes)];
        var frame = new byte[512];
        var prefix = "{\"event\":\"media\",\"sequenceNumber\":\""u8.ToArray();
        var streamSuffix = Encoding.UTF8.GetBytes($"\"}},\"streamSid\":\"{_streamSid}\"}}");
        try
        {
            for (_tick = 0; !_stop.IsCancellationRequested; _tick++)
            {
                var wait = TimeSpan.FromMilliseconds(_tick * 20) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                var speaking = NextTurnStep();
                AudioStamp.Write(audio, speaking);
                Base64.EncodeToUtf8(audio, payload, out _, out var encoded);
                var at = 0;
                prefix.CopyTo(frame, at);
                at += prefix.Length;
                at += Ascii(frame.AsSpan(at), $"{++_sequence}\",\"media\":{{\"track\":\"inbound\",\"chunk\":\"{_tick + 1}\",\"timestamp\":\"{_tick * 20}\",\"payload\":\"");
                payload.AsSpan(0, encoded).CopyTo(frame.AsSpan(at));
                at += encoded;
                streamSuffix.CopyTo(frame, at);
                at += streamSuffix.Length;
                await SendAsync(frame.AsMemory(0, at));
                foreach (var mark in Play())
                {
                    await SendAsync(Encoding.UTF8.GetBytes($"{{\"event\":\"mark\",\"sequenceNumber\":\"{++_sequence}\",\"streamSid\":\"{_streamSid}\",\"mark\":{{\"name\":\"{mark}\"}}}}"));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The call is over.
        }
    }

    /// <summary>The caller's side of the conversation for this tick: true while speaking.</summary>
    private bool NextTurnStep()
    {
        if (_speakingLeft > 0)
        {
            if (--_speakingLeft == 0)
            {
                _awaitingSince = _tick;
            }

            return true;
        }

        long lastAudio, received, played;
        lock (_playbackGate)
        {
            lastAudio = _lastAudioTick;
            received = _receivedBytes;
            played = _playedBytes;
        }

        if (_awaitingSince >= 0)
        {
            if (lastAudio > _awaitingSince)
            {
                _awaitingSince = -1;
                if (_stats.WindowOpen)
                {
                    Interlocked.Increment(ref _stats.TurnsReplied);
                }
            }
            else if (_tick - _awaitingSince > ReplyTimeoutTicks)
            {
                _awaitingSince = -1;
                if (_stats.WindowOpen)
                {
                    Interlocked.Increment(ref _stats.TurnsWithoutReply);
                }

                _speakingLeft = _speakTicks; // ask again
                return true;
            }

            return false;
        }

        // The agent has spoken (at least the greeting), all of it has played, and a pause has passed.
        if (lastAudio >= 0 && played >= received && _tick - lastAudio > PauseTicks)
        {
            _speakingLeft = _speakTicks;
            return true;
        }

        return false;
    }

    /// <summary>Plays 20 ms of queued agent audio; returns the marks now due.</summary>
    private List<string> Play()
    {
        _dueMarks.Clear();
        lock (_playbackGate)
        {
            _playedBytes = Math.Min(_receivedBytes, _playedBytes + FrameBytes);
            while (_marks.TryPeek(out var mark) && mark.At <= _playedBytes)
            {
                _dueMarks.Add(_marks.Dequeue().Name);
            }
        }

        return _dueMarks;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[16 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Dropped = !_stop.IsCancellationRequested;
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    return;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    OnFrame(buffer.AsSpan(0, length));
                    length = 0;
                }
                else if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Dropped = !_stop.IsCancellationRequested;
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        var now = Stopwatch.GetTimestamp();
        var type = AudioStamp.StringAfter(frame, "\"event\":\""u8);
        if (type.SequenceEqual("media"u8))
        {
            var payload = AudioStamp.StringAfter(frame, "\"payload\":\""u8);
            if (AudioStamp.TryRead(payload, out var sentAt, out _))
            {
                _stats.ModelToCaller.RecordTicks(now - sentAt);
                if (Interlocked.Exchange(ref _greeted, 1) == 0)
                {
                    _stats.Greeting.RecordTicks(now - _startSentAt);
                }
            }

            var bytes = payload.Length / 4 * 3 - (payload.EndsWith("=="u8) ? 2 : payload.EndsWith("="u8) ? 1 : 0);
            lock (_playbackGate)
            {
                _receivedBytes += bytes;
                _lastAudioTick = Volatile.Read(ref _tick);
            }
        }
        else if (type.SequenceEqual("mark"u8))
        {
            var name = Encoding.UTF8.GetString(AudioStamp.StringAfter(frame, "\"name\":\""u8));
            lock (_playbackGate)
            {
                _marks.Enqueue((_receivedBytes, name));
            }
        }
        else if (type.SequenceEqual("clear"u8))
        {
            lock (_playbackGate)
            {
                // Unplayed audio is dropped; its marks are due at once, as Twilio echoes them on a clear.
                _receivedBytes = _playedBytes;
                var held = _marks.ToArray();
                _marks.Clear();
                foreach (var mark in held)
                {
                    _marks.Enqueue((_playedBytes, mark.Name));
                }
            }
        }
    }

    private static int Ascii(Span<byte> destination, string text) => Encoding.ASCII.GetBytes(text, destination);

    private async Task SendAsync(ReadOnlyMemory<byte> frame)
    {
        // Only the tick loop sends once the stream has started, so no lock is needed.
        await _socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
    }
}
