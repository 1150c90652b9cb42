using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Coordi.Voice.Media;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.Benchmarks;

/// <summary>
/// The audio path through real loopback sockets: the bridge's own connection classes, a real ClientWebSocket
/// to a stand-in Realtime server, and a Twilio media stream over TCP. The numbers include the kernel's
/// loopback round trip, so they are an upper bound on what the bridge itself adds.
/// </summary>
[MemoryDiagnoser]
public class SocketBenchmarks
{
    private const int FramesPerPump = 50; // one second of caller audio

    private readonly CancellationTokenSource _call = new();
    private LoopbackRealtimeServer _server = null!;
    private RealtimeConnection _realtime = null!;
    private LoopbackTwilioStream _stream = null!;
    private long _mark;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    [Benchmark(Description = "Realtime append over loopback")]
    public ValueTask AppendToRealtime() => _realtime.AppendAudioAsync(AudioFrames.CallerAudioBase64, _call.Token);

    /// <summary>
    /// Caller frames end to end, as the Twilio pump runs them: a loop on the thread pool in which the bridge is
    /// already waiting when Twilio sends, so every receive completes asynchronously, as on a live call.
    /// Reported per frame.
    /// </summary>
    [Benchmark(Description = "Caller frame: Twilio socket -> parse -> Realtime socket", OperationsPerInvoke = FramesPerPump)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask CallerFramesThroughBridge()
    {
        for (var i = 0; i < FramesPerPump; i++)
        {
            var receiving = _stream.Connection.ReceiveAsync(_call.Token);
            await _stream.Twilio.SendAsync(AudioFrames.TwilioMediaFrame.AsMemory(), WebSocketMessageType.Text, true, _call.Token);
            var (_, frame) = await receiving;
            if (TwilioFrameParser.TryParse(frame.Span, out var parsed, out _))
            {
                await _realtime.AppendAudioAsync(frame[parsed.Payload], _call.Token);
            }
        }
    }

    [Benchmark(Description = "Agent frame: media + mark to Twilio socket")]
    public ValueTask SendAgentAudioToTwilio() => _stream.Connection.SendAudioWithMarkAsync(AudioFrames.AgentAudioBase64, ++_mark, _call.Token);

    private async Task SetupAsync()
    {
        _server = new LoopbackRealtimeServer();
        _realtime = await RealtimeConnection.ConnectAsync(_server.Endpoint, "sk-loopback", CancellationToken.None);
        _stream = await LoopbackTwilioStream.OpenAsync();
        _stream.StartDraining();
    }

    private async Task CleanupAsync()
    {
        await _realtime.DisposeAsync();
        await _server.DisposeAsync();
        await _stream.DisposeAsync();
        _call.Dispose();
    }
}
