using System.Buffers.Text;

namespace Coordi.Voice.Recording;

/// <summary>
/// Records a call as two μ-law tracks on disk (caller, agent), placed on the stream's timeline, and at the end
/// mixes them into a stereo WAV (caller left, agent right). Tracks go to disk as they arrive so a long call
/// costs a few kilobytes of memory, not megabytes.
/// A recording is worth less than the call: when the work folder cannot be written (a full disk), the recorder
/// stops, frees what it wrote and lets the call go on; <see cref="FinishAsync"/> then reports the failure.
/// </summary>
public sealed partial class CallRecorder : IAsyncDisposable
{
    private const int BytesPerMs = 8;

    private readonly string _callerPath;
    private readonly string _agentPath;
    private readonly ILogger? _logger;
    private readonly FileStream? _caller;
    private readonly FileStream? _agent;
    private long _callerLength; // kept here: asking the file would cost a system call per frame
    private long _agentLength;
    private long _agentCursor;
    private long _streamNowBytes;
    private IOException? _failure;

    /// <param name="logger">Where a write failure is reported; the caller's log scope names the tenant and call.</param>
    public CallRecorder(string workFolder, string callId, ILogger? logger = null)
    {
        _logger = logger;
        _callerPath = Path.Combine(workFolder, callId + ".caller.ulaw");
        _agentPath = Path.Combine(workFolder, callId + ".agent.ulaw");
        try
        {
            Directory.CreateDirectory(workFolder);
            _caller = new FileStream(_callerPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096);
            _agent = new FileStream(_agentPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 4096);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Stop(ex);
        }
    }

    /// <summary>True once a write failed: nothing more is recorded for this call.</summary>
    public bool Stopped => _failure is not null;

    /// <summary>Caller audio at its stream timestamp; gaps (lost frames) are left as silence.</summary>
    public void Caller(ReadOnlySpan<byte> base64Payload, long timestampMs)
    {
        if (Stopped)
        {
            return;
        }

        try
        {
            var position = timestampMs * BytesPerMs;
            var written = Write(_caller!, ref _callerLength, position, base64Payload);
            _streamNowBytes = Math.Max(_streamNowBytes, position + written);
        }
        catch (IOException ex)
        {
            Stop(ex);
        }
    }

    /// <summary>Agent audio plays after what is already queued, or now if the queue ran dry.</summary>
    public void Agent(ReadOnlySpan<byte> base64Payload)
    {
        if (Stopped)
        {
            return;
        }

        try
        {
            _agentCursor = Math.Max(_agentCursor, _streamNowBytes);
            _agentCursor += Write(_agent!, ref _agentLength, _agentCursor, base64Payload);
        }
        catch (IOException ex)
        {
            Stop(ex);
        }
    }

    /// <summary>Barge-in: audio queued after this moment was cleared at Twilio and never played.</summary>
    public void AgentCleared()
    {
        if (Stopped)
        {
            return;
        }

        try
        {
            _agentCursor = _streamNowBytes;
            if (_agentLength > _agentCursor)
            {
                _agent!.SetLength(_agentCursor);
                _agentLength = _agentCursor;
            }
        }
        catch (IOException ex)
        {
            Stop(ex);
        }
    }

    /// <summary>
    /// Writes the stereo WAV and returns its path. Throws <see cref="IOException"/> when the recording stopped
    /// during the call or the WAV cannot be written; no partial file is left behind.
    /// </summary>
    public async Task<string> FinishAsync(string wavPath, CancellationToken cancellationToken)
    {
        if (_failure is not null)
        {
            throw new IOException("The recording stopped during the call because its work folder could not be written.", _failure);
        }

        try
        {
            await _caller!.FlushAsync(cancellationToken);
            await _agent!.FlushAsync(cancellationToken);
            _caller.Position = 0;
            _agent.Position = 0;
            await StereoWav.WriteAsync(wavPath, _caller, _agent, cancellationToken);
            return wavPath;
        }
        catch (IOException)
        {
            File.Delete(wavPath);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseTracksAsync();
        DeleteTracks();
    }

    private void Stop(Exception ex)
    {
        _failure = ex as IOException ?? new IOException(ex.Message, ex);
        LogRecordingStopped(ex);
        // Give the space back at once: the disk is shared with the outbox, which must keep working.
        CloseTracksAsync().AsTask().GetAwaiter().GetResult();
        DeleteTracks();
    }

    private async ValueTask CloseTracksAsync()
    {
        foreach (var track in new[] { _caller, _agent })
        {
            try
            {
                if (track is not null)
                {
                    await track.DisposeAsync();
                }
            }
            catch (IOException)
            {
                // Flushing buffered audio onto a full disk fails; the track is deleted next anyway.
            }
        }
    }

    private void DeleteTracks()
    {
        foreach (var path in new[] { _callerPath, _agentPath })
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A leftover track is only wasted space; the call must go on.
            }
        }
    }

    private void LogRecordingStopped(Exception ex)
    {
        if (_logger is not null)
        {
            LogStopped(_logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording stopped: the work folder could not be written; the call goes on without a recording")]
    private static partial void LogStopped(ILogger logger, Exception ex);

    /// <summary>
    /// Decodes <paramref name="base64"/> into <paramref name="track"/> at <paramref name="position"/>, padding any gap
    /// before it with silence; returns the audio bytes written. Decoded in small pieces on the stack, so a call holds no
    /// decode buffer. The file is only seeked when the write is not where the last one ended: a seek flushes the
    /// file's buffer, and audio arrives in order, so frames are buffered and written a few kilobytes at a time.
    /// </summary>
    private static int Write(FileStream track, ref long length, long position, ReadOnlySpan<byte> base64)
    {
        const int Piece = 1024; // base64 characters: a multiple of 4, so each piece is whole quartets and decodes on its own
        if (length < position)
        {
            Pad(track, length, position);
            length = position;
        }

        if (track.Position != position)
        {
            track.Position = position;
        }

        Span<byte> audio = stackalloc byte[Piece / 4 * 3];
        var written = 0;
        while (!base64.IsEmpty)
        {
            var piece = base64[..Math.Min(Piece, base64.Length)];
            if (Base64.DecodeFromUtf8(piece, audio, out var consumed, out var decoded) != System.Buffers.OperationStatus.Done)
            {
                break; // not base64: Twilio and the model only send valid payloads, and a recording is worth less than the call
            }

            track.Write(audio[..decoded]);
            written += decoded;
            base64 = base64[consumed..];
        }

        length = Math.Max(length, position + written);
        return written;
    }

    private static void Pad(FileStream track, long from, long upTo)
    {
        // Silence, not zeros: 0x00 is full-scale in μ-law.
        Span<byte> silence = stackalloc byte[512];
        silence.Fill(MuLaw.Silence);
        if (track.Position != from)
        {
            track.Position = from;
        }

        var remaining = upTo - from;
        while (remaining > 0)
        {
            var n = (int)Math.Min(remaining, silence.Length);
            track.Write(silence[..n]);
            remaining -= n;
        }
    }
}
