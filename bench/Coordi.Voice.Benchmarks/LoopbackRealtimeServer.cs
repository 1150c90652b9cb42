using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Coordi.Voice.Benchmarks;

/// <summary>
/// Stands in for the Realtime API on 127.0.0.1: answers one WebSocket upgrade and drains every message, so a
/// real <see cref="ClientWebSocket"/> (the one <c>RealtimeConnection</c> opens) sends over a real TCP socket.
/// It also sends server events on demand, as the model streams its audio.
/// </summary>
public sealed class LoopbackRealtimeServer : IAsyncDisposable
{
    private const string WebSocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly TaskCompletionSource<WebSocket> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _serving;
    private long _messages;

    public LoopbackRealtimeServer()
    {
        _listener.Start();
        _serving = ServeAsync();
    }

    public Uri Endpoint => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/realtime?model=loopback");

    public long MessagesReceived => Interlocked.Read(ref _messages);

    /// <summary>Completes once the client's upgrade has been answered.</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Sends one server event; one sender at a time.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        _accepted.Task.Result.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _serving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync();
        client.NoDelay = true;
        var stream = client.GetStream();
        await AcceptUpgradeAsync(stream);
        using var socket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        _accepted.SetResult(socket);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return;
            }

            if (result.EndOfMessage)
            {
                Interlocked.Increment(ref _messages);
            }
        }
    }

    private static async Task AcceptUpgradeAsync(NetworkStream stream)
    {
        // The client sends nothing after its request until it has the 101, so reading up to the blank line is exact.
        var request = new StringBuilder();
        var one = new byte[1];
        while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                throw new IOException("The client closed during the WebSocket upgrade.");
            }

            request.Append((char)one[0]);
        }

        var key = request.ToString().Split("\r\n")
            .Select(line => line.Split(':', 2))
            .Single(parts => parts.Length == 2 && parts[0].Trim().Equals("Sec-WebSocket-Key", StringComparison.OrdinalIgnoreCase))[1].Trim();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + WebSocketGuid)));
        var response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Accept: {accept}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }
}
