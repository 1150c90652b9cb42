using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;

namespace Coordi.Voice.Media;

/// <summary>
/// The server side of one Twilio Media Stream: receives whole frames into a reusable buffer and sends
/// media, mark and clear frames, one sender at a time (a WebSocket allows a single outstanding send).
/// </summary>
public sealed class TwilioMediaConnection(WebSocket socket) : IDisposable
{
    /// <summary>Twilio frames are a few hundred bytes; anything far larger is not Twilio speaking.</summary>
    public const int MaxFrameBytes = 64 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);
    // Twilio's frames are a few hundred bytes; both buffers grow (pooled) when a larger frame comes or goes.
    private byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(1024);
    private byte[] _sendBuffer = ArrayPool<byte>.Shared.Rent(2048);
    private TwilioFrameWriter? _writer;

    private Func<Task>? _beforeServerClose;

    public WebSocketState State => socket.State;

    /// <summary>
    /// Runs once, when this side closes a stream Twilio still holds open, before the close frame is sent: Twilio
    /// asks the &lt;Connect action&gt; as soon as the stream closes, so whatever that callback must find has to be
    /// written first. Not run when Twilio closed the stream (the caller hung up: no callback follows).
    /// </summary>
    public Func<Task>? BeforeServerClose
    {
        get => _beforeServerClose;
        set => _beforeServerClose = value;
    }

    /// <summary>Set once the start frame names the stream; sends before that would be dropped by Twilio.</summary>
    public void Started(string streamSid) => _writer = new TwilioFrameWriter(streamSid);

    public bool IsStarted => _writer is not null;

    /// <summary>
    /// Receives one frame. Returns the frame's bytes, <see cref="ReceiveResult.Oversized"/> for a frame over the
    /// limit (its remainder is drained and discarded), or <see cref="ReceiveResult.Closed"/>.
    /// </summary>
    // Every call waits for the next frame and so completes asynchronously: pooled, so a live stream does not
    // allocate a state machine per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(ReceiveResult Result, ReadOnlyMemory<byte> Frame)> ReceiveAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        var oversized = false;
        while (true)
        {
            if (count == _receiveBuffer.Length)
            {
                if (_receiveBuffer.Length >= MaxFrameBytes)
                {
                    oversized = true;
                    count = 0; // keep draining into the same buffer; the frame is discarded
                }
                else
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_receiveBuffer.Length * 2, MaxFrameBytes));
                    _receiveBuffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(_receiveBuffer);
                    _receiveBuffer = bigger;
                }
            }

            var result = await socket.ReceiveAsync(_receiveBuffer.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (ReceiveResult.Closed, default);
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                if (oversized)
                {
                    return (ReceiveResult.Oversized, default);
                }

                return result.MessageType == WebSocketMessageType.Binary
                    ? (ReceiveResult.Binary, default)
                    : (ReceiveResult.Frame, _receiveBuffer.AsMemory(0, count));
            }
        }
    }

    /// <summary>Sends agent audio followed by a mark, so Twilio tells us when the caller has heard it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAudioWithMarkAsync(ReadOnlyMemory<byte> base64Payload, long markSequence, CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The stream has not started.");
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var needed = writer.MaxMediaFrameLength(base64Payload.Length);
            if (_sendBuffer.Length < needed)
            {
                ArrayPool<byte>.Shared.Return(_sendBuffer);
                _sendBuffer = ArrayPool<byte>.Shared.Rent(needed);
            }

            var length = writer.WriteMedia(base64Payload.Span, _sendBuffer);
            await socket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, cancellationToken);
            length = writer.WriteMark(markSequence, _sendBuffer);
            await socket.SendAsync(_sendBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Tells Twilio to drop the agent audio it has buffered but not yet played.</summary>
    public async ValueTask SendClearAsync(CancellationToken cancellationToken)
    {
        var writer = _writer ?? throw new InvalidOperationException("The stream has not started.");
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            writer.Clear.CopyTo(_sendBuffer);
            await socket.SendAsync(_sendBuffer.AsMemory(0, writer.Clear.Length), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the stream: Twilio then fetches the &lt;Connect action&gt; URL for what happens next.</summary>
    public async Task CloseAsync(string reason)
    {
        if (socket.State == WebSocketState.Open && Interlocked.Exchange(ref _beforeServerClose, null) is { } beforeClose)
        {
            await beforeClose();
        }

        await _sendLock.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                // Only the close frame is sent: CloseAsync would also read until Twilio's close arrives, racing the
                // pump's receive and discarding part of a frame the pump then reads from the middle.
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason, timeout.Token);
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

    public void Dispose()
    {
        _sendLock.Dispose();
        ArrayPool<byte>.Shared.Return(_receiveBuffer);
        ArrayPool<byte>.Shared.Return(_sendBuffer);
    }
}

public enum ReceiveResult
{
    Frame,
    Closed,
    Oversized,
    Binary,
}
