using System.Buffers.Binary;
using System.Text;
using Coordi.Testing;
using Coordi.Voice.Recording;

namespace Coordi.Voice.UnitTests.Recording;

public sealed class CallRecorderTests : IDisposable
{
    private const short CallerLevel = -32124; // μ-law 0x00
    private const short AgentLevel = 32124; // μ-law 0x80

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Header_describes_16_bit_stereo_pcm_at_8_khz()
    {
        var header = StereoWav.Header(32_000);

        Assert.Equal(44, header.Length);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(header, 0, 4));
        Assert.Equal(36u + 32_000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(header, 8, 4));
        Assert.Equal("fmt ", Encoding.ASCII.GetString(header, 12, 4));
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(16)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(20)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(22)));
        Assert.Equal(8000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(24)));
        Assert.Equal(32_000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(28)));
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32)));
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(34)));
        Assert.Equal("data", Encoding.ASCII.GetString(header, 36, 4));
        Assert.Equal(32_000u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(40)));
    }

    [Fact]
    public async Task Stereo_wav_puts_the_left_stream_left_and_pads_the_shorter_with_silence()
    {
        var path = _folder.File("mix.wav");
        using var left = new MemoryStream(Filled(0x00, 10));
        using var right = new MemoryStream(Filled(0x80, 4));

        await StereoWav.WriteAsync(path, left, right, CancellationToken.None);

        var wav = Wav.Read(path);
        Assert.Equal(Enumerable.Repeat(CallerLevel, 10), wav.Left);
        Assert.Equal(Enumerable.Repeat(AgentLevel, 4).Concat(Enumerable.Repeat((short)0, 6)), wav.Right);
    }

    [Fact]
    public async Task Stereo_wav_longer_than_one_chunk_is_complete()
    {
        var path = _folder.File("long.wav");
        var audio = Enumerable.Range(0, 20_000).Select(i => (byte)i).ToArray();
        using var left = new MemoryStream(audio);
        using var right = new MemoryStream(audio.Reverse().ToArray());

        await StereoWav.WriteAsync(path, left, right, CancellationToken.None);

        var wav = Wav.Read(path);
        Assert.Equal(audio.Select(MuLaw.Decode), wav.Left);
        Assert.Equal(audio.Reverse().Select(MuLaw.Decode), wav.Right);
    }

    [Fact]
    public async Task Recording_places_caller_left_and_agent_right_on_the_stream_timeline()
    {
        var wavPath = _folder.File("call.wav");
        await using (var recorder = new CallRecorder(_folder.File("work"), "call-1"))
        {
            recorder.Caller(Base64(Filled(0x00, 160)), timestampMs: 0);
            recorder.Caller(Base64(Filled(0x00, 160)), timestampMs: 40); // frame at 20 ms was lost
            recorder.Agent(Base64(Filled(0x80, 80)));

            await recorder.FinishAsync(wavPath, CancellationToken.None);
        }

        var wav = Wav.Read(wavPath);
        Assert.Equal(560, wav.Left.Length);
        Assert.Equal(Level(CallerLevel, 160).Concat(Level(0, 160)).Concat(Level(CallerLevel, 160)).Concat(Level(0, 80)), wav.Left);
        // The agent answers after what the caller said so far (480 samples in).
        Assert.Equal(Level(0, 480).Concat(Level(AgentLevel, 80)), wav.Right);
    }

    [Fact]
    public async Task Agent_audio_queues_after_earlier_agent_audio()
    {
        var wavPath = _folder.File("queued.wav");
        await using (var recorder = new CallRecorder(_folder.File("work"), "call-2"))
        {
            recorder.Agent(Base64(Filled(0x80, 160)));
            recorder.Agent(Base64(Filled(0x00, 160)));
            recorder.Caller(Base64(Filled(0x00, 80)), timestampMs: 0);

            await recorder.FinishAsync(wavPath, CancellationToken.None);
        }

        var wav = Wav.Read(wavPath);
        Assert.Equal(Level(AgentLevel, 160).Concat(Level(CallerLevel, 160)), wav.Right);
        Assert.Equal(Level(CallerLevel, 80).Concat(Level(0, 240)), wav.Left);
    }

    [Fact]
    public async Task Agent_cleared_drops_the_audio_that_never_played()
    {
        var wavPath = _folder.File("barge-in.wav");
        await using (var recorder = new CallRecorder(_folder.File("work"), "call-3"))
        {
            recorder.Agent(Base64(Filled(0x80, 1600))); // 200 ms queued at Twilio
            recorder.Caller(Base64(Filled(0x00, 160)), timestampMs: 0); // 20 ms later the caller speaks over it
            recorder.AgentCleared();
            recorder.Agent(Base64(Filled(0x80, 80)));

            await recorder.FinishAsync(wavPath, CancellationToken.None);
        }

        var wav = Wav.Read(wavPath);
        Assert.Equal(240, wav.Right.Length);
        Assert.Equal(Level(AgentLevel, 240), wav.Right);
        Assert.Equal(Level(CallerLevel, 160).Concat(Level(0, 80)), wav.Left);
    }

    [Fact]
    public async Task Undecodable_audio_is_skipped()
    {
        var wavPath = _folder.File("bad.wav");
        await using (var recorder = new CallRecorder(_folder.File("work"), "call-4"))
        {
            recorder.Caller("not base64!"u8, timestampMs: 0);
            recorder.Agent(""u8);
            recorder.Caller(Base64(Filled(0x00, 8)), timestampMs: 0);

            await recorder.FinishAsync(wavPath, CancellationToken.None);
        }

        var wav = Wav.Read(wavPath);
        Assert.Equal(Level(CallerLevel, 8), wav.Left);
        Assert.Equal(Level(0, 8), wav.Right);
    }

    [Fact]
    public async Task Dispose_removes_the_working_tracks()
    {
        var work = _folder.File("work");
        await using (var recorder = new CallRecorder(work, "call-5"))
        {
            recorder.Caller(Base64(Filled(0x00, 8)), timestampMs: 0);
            Assert.NotEmpty(Directory.GetFiles(work));
        }

        Assert.Empty(Directory.GetFiles(work));
    }

    [Fact]
    public async Task A_full_disk_stops_the_recording_and_the_call_goes_on()
    {
        using var disk = new TinyFilesystem(kilobytes: 64);
        var work = Path.Combine(disk.Path, "work");
        var wavPath = Path.Combine(work, "call-6.wav");
        await using var recorder = new CallRecorder(work, "call-6");

        // Ten seconds of both sides: 160 KB of tracks on a 64 KB disk. No write may throw into the media loop.
        var frame = Base64(Filled(0x00, 160));
        for (var ms = 0; ms < 10_000; ms += 20)
        {
            recorder.Caller(frame, ms);
            recorder.Agent(frame);
        }

        recorder.AgentCleared();

        Assert.True(recorder.Stopped);
        // The tracks are deleted at once, so the space is back for the rest of the edge (its outbox).
        Assert.Empty(Directory.GetFiles(work));
        var failure = await Assert.ThrowsAnyAsync<IOException>(() => recorder.FinishAsync(wavPath, CancellationToken.None));
        Assert.Contains("recording stopped", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(wavPath));
    }

    [Fact]
    public async Task A_recording_whose_wav_does_not_fit_leaves_no_half_written_file()
    {
        using var disk = new TinyFilesystem(kilobytes: 64);
        var work = Path.Combine(disk.Path, "work");
        var wavPath = Path.Combine(work, "call-7.wav");
        await using (var recorder = new CallRecorder(work, "call-7"))
        {
            // 12 KB per track fits; the WAV, four times a track, does not fit beside them.
            var frame = Base64(Filled(0x00, 160));
            for (var ms = 0; ms < 1500; ms += 20)
            {
                recorder.Caller(frame, ms);
                recorder.Agent(frame);
            }

            Assert.False(recorder.Stopped);
            await Assert.ThrowsAnyAsync<IOException>(() => recorder.FinishAsync(wavPath, CancellationToken.None));
        }

        Assert.Empty(Directory.GetFiles(work));
    }

    private static byte[] Filled(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static byte[] Base64(byte[] audio) => Encoding.ASCII.GetBytes(Convert.ToBase64String(audio));

    private static IEnumerable<short> Level(short value, int count) => Enumerable.Repeat(value, count);

    private sealed record Wav(short[] Left, short[] Right)
    {
        public static Wav Read(string path)
        {
            var bytes = File.ReadAllBytes(path);
            var header = StereoWav.Header(bytes.Length - 44);
            Assert.Equal(header, bytes.AsSpan(0, 44).ToArray());
            var frames = (bytes.Length - 44) / 4;
            Assert.Equal(0, (bytes.Length - 44) % 4);
            var left = new short[frames];
            var right = new short[frames];
            for (var i = 0; i < frames; i++)
            {
                left[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + (i * 4)));
                right[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(46 + (i * 4)));
            }

            return new Wav(left, right);
        }
    }
}
