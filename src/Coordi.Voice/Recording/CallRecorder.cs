using System.Buffers.Text;

namespace Coordi.Voice.Recording;

/// <summary>
/// Records a call as two μ-law tracks on disk (caller, agent), placed on the stream's timeline, and at the end
/// mixes them into a stereo WAV (caller left, agent right). Tracks go to disk as they arrive so a long call
/// costs a few kilobytes of memory, not megabytes.
/// </summary>
public sealed class CallRecorder : IAsyncDisposable
{
    private const int BytesPerMs = 8;

    private readonly string _callerPath;
    private readonly string _agentPath;
    private readonly FileStream _caller;
    private readonly FileStream _agent;
    private readonly byte[] _decode = new byte[16 * 1024];
    private long _agentCursor;
    private long _streamNowBytes;

    public CallRecorder(string workFolder, string callId)
    {
        Directory.CreateDirectory(workFolder);
        _callerPath = Path.Combine(workFolder, callId + ".caller.ulaw");
        _agentPath = Path.Combine(workFolder, callId + ".agent.ulaw");
        _caller = new FileStream(_callerPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096);
        _agent = new FileStream(_agentPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096);
    }

    /// <summary>Caller audio at its stream timestamp; gaps (lost frames) are left as silence.</summary>
    public void Caller(ReadOnlySpan<byte> base64Payload, long timestampMs)
    {
        if (!Decode(base64Payload, out var audio))
        {
            return;
        }

        var position = timestampMs * BytesPerMs;
        Pad(_caller, position);
        _caller.Position = position;
        _caller.Write(audio);
        _streamNowBytes = Math.Max(_streamNowBytes, position + audio.Length);
    }

    /// <summary>Agent audio plays after what is already queued, or now if the queue ran dry.</summary>
    public void Agent(ReadOnlySpan<byte> base64Payload)
    {
        if (!Decode(base64Payload, out var audio))
        {
            return;
        }

        _agentCursor = Math.Max(_agentCursor, _streamNowBytes);
        Pad(_agent, _agentCursor);
        _agent.Position = _agentCursor;
        _agent.Write(audio);
        _agentCursor += audio.Length;
    }

    /// <summary>Barge-in: audio queued after this moment was cleared at Twilio and never played.</summary>
    public void AgentCleared()
    {
        _agentCursor = _streamNowBytes;
        if (_agent.Length > _agentCursor)
        {
            _agent.SetLength(_agentCursor);
        }
    }

    /// <summary>Writes the stereo WAV and returns its path.</summary>
    public async Task<string> FinishAsync(string wavPath, CancellationToken cancellationToken)
    {
        await _caller.FlushAsync(cancellationToken);
        await _agent.FlushAsync(cancellationToken);
        _caller.Position = 0;
        _agent.Position = 0;
        await StereoWav.WriteAsync(wavPath, _caller, _agent, cancellationToken);
        return wavPath;
    }

    public async ValueTask DisposeAsync()
    {
        await _caller.DisposeAsync();
        await _agent.DisposeAsync();
        File.Delete(_callerPath);
        File.Delete(_agentPath);
    }

    private bool Decode(ReadOnlySpan<byte> base64Payload, out ReadOnlySpan<byte> audio)
    {
        var status = Base64.DecodeFromUtf8(base64Payload, _decode, out _, out var written);
        audio = _decode.AsSpan(0, written);
        return status == System.Buffers.OperationStatus.Done && written > 0;
    }

    private static void Pad(FileStream track, long upTo)
    {
        if (track.Length >= upTo)
        {
            return;
        }

        // Silence, not zeros: 0x00 is full-scale in μ-law.
        Span<byte> silence = stackalloc byte[512];
        silence.Fill(MuLaw.Silence);
        track.Position = track.Length;
        var remaining = upTo - track.Length;
        while (remaining > 0)
        {
            var n = (int)Math.Min(remaining, silence.Length);
            track.Write(silence[..n]);
            remaining -= n;
        }
    }
}
