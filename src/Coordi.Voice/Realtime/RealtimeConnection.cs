using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Coordi.Voice.Realtime;

/// <summary>
/// One call's WebSocket to the OpenAI Realtime API. Audio appends are spliced into a reusable buffer without
/// decoding the base64; control messages use <see cref="Utf8JsonWriter"/>. One sender at a time.
/// </summary>
public sealed class RealtimeConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ArrayBufferWriter<byte> _controlBuffer = new(4096);
    private byte[] _audioBuffer = ArrayPool<byte>.Shared.Rent(2048);
    // Starts small and grows (pooled) to the largest message seen: a live call's buffers are most of its memory.
    private byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(4 * 1024);

    private RealtimeConnection(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<RealtimeConnection> ConnectAsync(Uri endpoint, string apiKey, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + apiKey);
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        try
        {
            await socket.ConnectAsync(endpoint, cancellationToken);
            return new RealtimeConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Forwards caller audio: the base64 payload Twilio sent is already pcmu, so it passes through as is.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask AppendAudioAsync(ReadOnlyMemory<byte> base64Payload, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            var needed = InputAudioAppend.Length(base64Payload.Length);
            if (_audioBuffer.Length < needed)
            {
                ArrayPool<byte>.Shared.Return(_audioBuffer);
                _audioBuffer = ArrayPool<byte>.Shared.Rent(needed);
            }

            var length = InputAudioAppend.Write(base64Payload.Span, _audioBuffer);
            await _socket.SendAsync(_audioBuffer.AsMemory(0, length), WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends one control event written by <paramref name="write"/>.</summary>
    public async Task SendAsync(Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            _controlBuffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_controlBuffer))
            {
                write(writer);
            }

            await _socket.SendAsync(_controlBuffer.WrittenMemory, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Receives one whole message into the connection's buffer (grown as needed) and returns its bytes,
    /// valid until the next call; empty when the server closed.
    /// </summary>
    // Every call waits for the next frame and so completes asynchronously: pooled, so a live stream does not
    // allocate a state machine per frame.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while (true)
        {
            if (count == _receiveBuffer.Length)
            {
                if (_receiveBuffer.Length >= RealtimeLimits.MaxServerMessageBytes)
                {
                    throw new InvalidDataException("A Realtime server message exceeded the size limit.");
                }

                var bigger = ArrayPool<byte>.Shared.Rent(_receiveBuffer.Length * 2);
                _receiveBuffer.AsSpan(0, count).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_receiveBuffer);
                _receiveBuffer = bigger;
            }

            var result = await _socket.ReceiveAsync(_receiveBuffer.AsMemory(count), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return ReadOnlyMemory<byte>.Empty;
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return _receiveBuffer.AsMemory(0, count);
            }
        }
    }

    public async Task CloseAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "call ended", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The peer is gone already; nothing more to say to it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
        _sendLock.Dispose();
        ArrayPool<byte>.Shared.Return(_audioBuffer);
        ArrayPool<byte>.Shared.Return(_receiveBuffer);
    }
}

public static class RealtimeLimits
{
    /// <summary>Largest server message accepted (a long audio delta is tens of kilobytes).</summary>
    public const int MaxServerMessageBytes = 4 * 1024 * 1024;
}
