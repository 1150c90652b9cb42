using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Coordi.Voice.Calls;
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
    private readonly PlaybackTracker _playback = new();
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

    /// <summary>
    /// Agent audio end to end, as the Realtime pump runs it: the model's delta arrives while the bridge waits,
    /// is parsed, tracked for barge-in and sent to Twilio with its mark. Reported per frame.
    /// </summary>
    [Benchmark(Description = "Agent frame: Realtime socket -> parse -> track -> Twilio socket", OperationsPerInvoke = FramesPerPump)]
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask AgentFramesThroughBridge()
    {
        for (var i = 0; i < FramesPerPump; i++)
        {
            var receiving = _realtime.ReceiveAsync(_call.Token);
            await _server.SendAsync(AudioFrames.RealtimeAudioDelta, _call.Token);
            var message = await receiving;
            if (RealtimeEventParser.TryParse(message.Span, out var evt))
            {
                var mark = _playback.ChunkSent(message.Span[evt.ItemId], AudioFrames.AgentAudioBytes);
                await _stream.Connection.SendAudioWithMarkAsync(message[evt.Delta], mark, _call.Token);
                _playback.MarkPlayed(mark);
            }
        }
    }

    private async Task SetupAsync()
    {
        _server = new LoopbackRealtimeServer();
        _realtime = await RealtimeConnection.ConnectAsync(_server.Endpoint, "sk-loopback", CancellationToken.None);
        await _server.Accepted;
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
