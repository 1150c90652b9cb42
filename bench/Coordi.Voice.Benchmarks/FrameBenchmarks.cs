using BenchmarkDotNet.Attributes;
using Coordi.Voice.Calls;
using Coordi.Voice.Media;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.Benchmarks;

/// <summary>
/// The per-frame work of the bridge without sockets: each method is one frame in steady state, so the
/// Allocated column must read 0 (a once-per-call cost such as the first item id is paid in setup).
/// </summary>
[MemoryDiagnoser]
public class FrameBenchmarks
{
    private readonly byte[] _realtimeBuffer = new byte[4096];
    private readonly byte[] _twilioBuffer = new byte[4096];
    private readonly TwilioFrameWriter _twilioWriter = new(AudioFrames.StreamSid);
    private readonly PlaybackTracker _playback = new();
    private readonly ModelResponses _responses = new();
    private long _mark;

    [GlobalSetup]
    public void Setup()
    {
        _playback.MarkPlayed(_playback.ChunkSent(AudioFrames.AgentItemId, AudioFrames.AgentAudioBytes));

        // Two cut replies before this one, as after barge-ins: the delta's own response is checked against them once.
        _responses.Created("resp_cut_1"u8, holdingPhrase: false);
        _responses.CancelCurrent();
        _responses.Created("resp_cut_2"u8, holdingPhrase: false);
        _responses.CancelCurrent();
        RealtimeEventParser.TryParse(AudioFrames.RealtimeAudioDelta, out var evt);
        _responses.IsCancelled(AudioFrames.RealtimeAudioDelta.AsSpan()[evt.ResponseId]);
    }

    [Benchmark(Description = "Twilio media frame: parse")]
    public int ParseTwilioMedia()
    {
        TwilioFrameParser.TryParse(AudioFrames.TwilioMediaFrame, out var frame, out _);
        return frame.Payload.End.Value;
    }

    [Benchmark(Description = "input_audio_buffer.append: write")]
    public int WriteRealtimeAppend() => InputAudioAppend.Write(AudioFrames.CallerAudioBase64, _realtimeBuffer);

    [Benchmark(Description = "Caller frame: parse + append")]
    public int CallerFrame()
    {
        var json = AudioFrames.TwilioMediaFrame;
        TwilioFrameParser.TryParse(json, out var frame, out _);
        return InputAudioAppend.Write(json.AsSpan()[frame.Payload], _realtimeBuffer);
    }

    [Benchmark(Description = "response.output_audio.delta: parse")]
    public int ParseRealtimeAudioDelta()
    {
        RealtimeEventParser.TryParse(AudioFrames.RealtimeAudioDelta, out var evt);
        return evt.Delta.End.Value;
    }

    [Benchmark(Description = "Twilio media + mark: write")]
    public int WriteTwilioMediaAndMark()
    {
        var length = _twilioWriter.WriteMedia(AudioFrames.AgentAudioBase64, _twilioBuffer);
        return length + _twilioWriter.WriteMark(++_mark, _twilioBuffer);
    }

    [Benchmark(Description = "PlaybackTracker: chunk sent + mark played")]
    public long TrackPlayback()
    {
        var mark = _playback.ChunkSent(AudioFrames.AgentItemId, AudioFrames.AgentAudioBytes);
        _playback.MarkPlayed(mark);
        return _playback.HeardMs;
    }

    [Benchmark(Description = "Agent frame: parse + cancelled check + track + media + mark")]
    public int AgentFrame()
    {
        var json = AudioFrames.RealtimeAudioDelta.AsSpan();
        RealtimeEventParser.TryParse(json, out var evt);
        if (_responses.IsCancelled(json[evt.ResponseId]))
        {
            return 0;
        }

        var mark = _playback.ChunkSent(json[evt.ItemId], AudioFrames.AgentAudioBytes);
        var length = _twilioWriter.WriteMedia(json[evt.Delta], _twilioBuffer);
        length += _twilioWriter.WriteMark(mark, _twilioBuffer);
        _playback.MarkPlayed(mark);
        return length;
    }
}
