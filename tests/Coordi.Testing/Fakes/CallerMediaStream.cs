using System.Diagnostics;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;

namespace Coordi.Testing.Fakes;

/// <summary>
/// Twilio's end of a Media Stream, with a caller on the line. Every 20 ms it sends one frame of caller audio
/// (speech when told to speak, silence otherwise) and plays 20 ms of the agent audio it was sent. A mark is
/// echoed only once the audio before it has played; a clear drops the unplayed audio and echoes the marks it
/// held, as Twilio does. What was actually played is counted per byte value, so a test can tell which reply
/// the caller heard and how much of it.
/// </summary>
public sealed class CallerMediaStream : IAsyncDisposable
{
    public const int FrameBytes = 20 * MuLawAudio.BytesPerMs;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CallerPlayback _playback = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequenceNumber;
    private long _speechBytesLeft;
    private long _speechSamples;
    private long _nowMs;
    private int _mediaFramesReceived;
    private int _marksReceived;
    private int _marksEchoed;
    private volatile bool _hangingUp;
    private Task _receiving = Task.CompletedTask;
    private Task _ticking = Task.CompletedTask;

    private CallerMediaStream(ClientWebSocket socket, string callSid)
    {
        _socket = socket;
        CallSid = callSid;
        StreamSid = "MZ" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    }

    public string CallSid { get; }

    public string StreamSid { get; }

    /// <summary>Completes when the stream has closed, by either side.</summary>
    public Task Closed => _closed.Task;

    /// <summary>True when the voice edge closed (or dropped) the stream, rather than the caller hanging up.</summary>
    public bool ClosedByServer { get; private set; }

    public string? CloseDescription { get; private set; }

    public int MediaFramesReceived => Volatile.Read(ref _mediaFramesReceived);

    public int MarksReceived => Volatile.Read(ref _marksReceived);

    public int MarksEchoed => Volatile.Read(ref _marksEchoed);

    public int ClearsReceived => _playback.Clears;

    /// <summary>Stream time (ms) at which agent audio was first played; -1 before.</summary>
    public long FirstHeardAtMs { get; private set; } = -1;

    /// <summary>Stream time (ms) at which the caller first spoke; -1 before.</summary>
    public long FirstSpokeAtMs { get; private set; } = -1;

    /// <summary>Called for every frame of agent audio as it arrives, before it is queued for playback (for latency measurements).</summary>
    public Action? AgentAudioObserver { get; set; }

    /// <summary>Nothing left to play and no mark waiting to be echoed.</summary>
    public bool PlaybackIdle => _playback.Idle;

    /// <summary>Agent audio received but not played yet.</summary>
    public long QueuedAudioBytes => _playback.QueuedAudioBytes;

    public static async Task<CallerMediaStream> ConnectAsync(Uri url, string accountSid, string callSid, IReadOnlyDictionary<string, string> parameters)
    {
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(url, timeout.Token);
        var stream = new CallerMediaStream(socket, callSid);
        await stream.SendAsync(new { @event = "connected", protocol = "Call", version = "1.0.0" });
        await stream.SendAsync(new
        {
            @event = "start",
            sequenceNumber = stream.NextSequence(),
            start = new
            {
                accountSid,
                streamSid = stream.StreamSid,
                callSid,
                tracks = new[] { "inbound" },
                mediaFormat = new { encoding = "audio/x-mulaw", sampleRate = 8000, channels = 1 },
                customParameters = parameters,
            },
            streamSid = stream.StreamSid,
        });
        stream._receiving = stream.ReceiveLoopAsync();
        stream._ticking = stream.TickLoopAsync();
        return stream;
    }

    /// <summary>The caller talks for <paramref name="duration"/>, then falls silent again.</summary>
    public void Speak(TimeSpan duration) => Interlocked.Add(ref _speechBytesLeft, (long)duration.TotalMilliseconds * MuLawAudio.BytesPerMs);

    public bool Speaking => Interlocked.Read(ref _speechBytesLeft) > 0;

    /// <summary>Milliseconds of agent audio made of <paramref name="tag"/> bytes that the caller heard.</summary>
    public long HeardMs(byte tag) => _playback.HeardBytes(tag) / MuLawAudio.BytesPerMs;

    /// <summary>Bytes of agent audio made of <paramref name="tag"/> bytes that arrived, played or not.</summary>
    public long ReceivedBytes(byte tag) => _playback.ReceivedBytes(tag);

    /// <summary>What had been heard of <paramref name="tag"/> when the <paramref name="clear"/>-th clear (from 0) arrived.</summary>
    public long HeardMsAtClear(int clear, byte tag) => _playback.HeardBytesAtClear(clear, tag) / MuLawAudio.BytesPerMs;

    /// <summary>
    /// Milliseconds of <paramref name="tag"/> audio the caller had heard at the moment the <paramref name="clear"/>-th
    /// clear (from 0) arrived: like <see cref="HeardMsAtClear"/>, but the 20 ms frame then playing counts only up to that moment.
    /// </summary>
    public double PlayedMsAtClear(int clear, byte tag) => _playback.PlayedMsAtClear(clear, tag);

    /// <summary>Bytes of <paramref name="tag"/> audio that had arrived when the <paramref name="clear"/>-th clear (from 0) arrived.</summary>
    public long ReceivedBytesAtClear(int clear, byte tag) => _playback.ReceivedBytesAtClear(clear, tag);

    public Task SendDtmfAsync(char digit) =>
        SendAsync(new { @event = "dtmf", streamSid = StreamSid, sequenceNumber = NextSequence(), dtmf = new { track = "inbound_track", digit = digit.ToString() } });

    /// <summary>Sends a frame as is, to see how the edge copes with what Twilio would never send.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> frame, WebSocketMessageType type = WebSocketMessageType.Text)
    {
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(frame, type, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Hangs up: sends stop and closes the stream.</summary>
    public async Task StopAsync()
    {
        if (_socket.State != WebSocketState.Open)
        {
            return;
        }

        _hangingUp = true;
        await _stop.CancelAsync();
        await _ticking.ContinueWith(_ => { });
        try
        {
            await SendAsync(new { @event = "stop", sequenceNumber = NextSequence(), streamSid = StreamSid, stop = new { accountSid = "", callSid = CallSid } });
            await _sendLock.WaitAsync();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "caller hung up", timeout.Token);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The edge went first; the stream is closed either way.
        }

        await Closed.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Abort();
        await Task.WhenAll(_receiving, _ticking).ContinueWith(_ => { });
        _socket.Dispose();
        _sendLock.Dispose();
    }

    private long NextSequence() => Interlocked.Increment(ref _sequenceNumber);

    /// <summary>Twilio's clock: one inbound frame and 20 ms of playback per tick, on absolute deadlines so pacing does not drift.</summary>
    private async Task TickLoopAsync()
    {
        var clock = Stopwatch.StartNew();
        var frame = new byte[FrameBytes];
        try
        {
            for (long tick = 0; !_stop.IsCancellationRequested && _socket.State == WebSocketState.Open; tick++)
            {
                var wait = TimeSpan.FromMilliseconds(tick * 20) - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _stop.Token);
                }

                _nowMs = tick * 20;
                FillCallerFrame(frame);
                await SendAsync(new
                {
                    @event = "media",
                    sequenceNumber = NextSequence(),
                    media = new { track = "inbound", chunk = (tick + 1).ToString(), timestamp = _nowMs.ToString(), payload = Convert.ToBase64String(frame) },
                    streamSid = StreamSid,
                });
                var (due, played) = _playback.Play(FrameBytes);
                if (played && FirstHeardAtMs < 0)
                {
                    FirstHeardAtMs = _nowMs;
                }

                foreach (var mark in due)
                {
                    await EchoMarkAsync(mark);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The stream ended.
        }
    }

    private void FillCallerFrame(byte[] frame)
    {
        var speech = (int)Math.Clamp(Interlocked.Read(ref _speechBytesLeft), 0, frame.Length);
        if (speech > 0)
        {
            MuLawAudio.Speech(frame.AsSpan(0, speech), _speechSamples);
            _speechSamples += speech;
            Interlocked.Add(ref _speechBytesLeft, -speech);
            if (FirstSpokeAtMs < 0)
            {
                FirstSpokeAtMs = _nowMs;
            }
        }

        frame.AsSpan(speech).Fill(MuLawAudio.Silence);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClosedByServer = !_hangingUp;
                    CloseDescription = _socket.CloseStatusDescription;
                    await CompleteCloseAsync();
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    await HandleAsync(message.GetBuffer().AsMemory(0, (int)message.Length));
                    message.SetLength(0);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Dropped without a close handshake: to Twilio that is the stream ending too.
            ClosedByServer = !_hangingUp && !_stop.IsCancellationRequested;
        }
        finally
        {
            await _stop.CancelAsync();
            _closed.TrySetResult();
        }
    }

    private async Task CompleteCloseAsync()
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // Already gone.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> frame)
    {
        using var json = JsonDocument.Parse(frame);
        var root = json.RootElement;
        switch (root.TryGetProperty("event", out var type) ? type.GetString() : null)
        {
            case "media":
                Interlocked.Increment(ref _mediaFramesReceived);
                AgentAudioObserver?.Invoke();
                _playback.Enqueue(Convert.FromBase64String(root.GetProperty("media").GetProperty("payload").GetString()!));
                break;
            case "mark":
                Interlocked.Increment(ref _marksReceived);
                _playback.EnqueueMark(root.GetProperty("mark").GetProperty("name").GetString()!);
                break;
            case "clear":
                foreach (var mark in _playback.Clear())
                {
                    await EchoMarkAsync(mark);
                }

                break;
        }
    }

    private async Task EchoMarkAsync(string name)
    {
        await SendAsync(new { @event = "mark", sequenceNumber = NextSequence(), streamSid = StreamSid, mark = new { name } });
        Interlocked.Increment(ref _marksEchoed);
    }

    private async Task SendAsync(object frame)
    {
        var bytes = WireJson.Bytes(frame);
        await _sendLock.WaitAsync();
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
