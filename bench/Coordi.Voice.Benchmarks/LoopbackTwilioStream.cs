using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Coordi.Voice.Media;

namespace Coordi.Voice.Benchmarks;

/// <summary>
/// A media stream over a connected loopback TCP pair: <see cref="Connection"/> is the bridge's end (as Kestrel
/// would hand it over), <see cref="Twilio"/> plays Twilio. Frames the bridge sends are drained and counted.
/// </summary>
public sealed class LoopbackTwilioStream : IAsyncDisposable
{
    private readonly TcpClient _twilioClient;
    private readonly TcpClient _bridgeClient;
    private readonly WebSocket _bridgeSocket;
    private readonly CancellationTokenSource _stop = new();
    private Task _draining = Task.CompletedTask;
    private long _framesReceived;

    private LoopbackTwilioStream(TcpClient twilioClient, TcpClient bridgeClient)
    {
        _twilioClient = twilioClient;
        _bridgeClient = bridgeClient;
        var options = new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero };
        Twilio = WebSocket.CreateFromStream(twilioClient.GetStream(), options);
        _bridgeSocket = WebSocket.CreateFromStream(bridgeClient.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        Connection = new TwilioMediaConnection(_bridgeSocket);
        Connection.Started(AudioFrames.StreamSid);
    }

    public TwilioMediaConnection Connection { get; }

    public WebSocket Twilio { get; }

    public long FramesReceivedByTwilio => Interlocked.Read(ref _framesReceived);

    public static async Task<LoopbackTwilioStream> OpenAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var twilio = new TcpClient { NoDelay = true };
            var accepting = listener.AcceptTcpClientAsync();
            await twilio.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            var bridge = await accepting;
            bridge.NoDelay = true;
            return new LoopbackTwilioStream(twilio, bridge);
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>Twilio reads what the bridge sends (agent audio and marks), as it does on a call.</summary>
    public void StartDraining() => _draining = DrainAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _draining.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Connection.Dispose();
        _bridgeSocket.Dispose();
        Twilio.Dispose();
        _bridgeClient.Dispose();
        _twilioClient.Dispose();
        _stop.Dispose();
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await Twilio.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            if (result.EndOfMessage)
            {
                Interlocked.Increment(ref _framesReceived);
            }
        }
    }
}
