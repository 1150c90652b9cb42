namespace Coordi.Testing.Fakes;

public enum VadChange
{
    None,
    SpeechStarted,
    SpeechStopped,
}

/// <summary>
/// Voice activity by energy, the way the Realtime API's server VAD behaves from outside: speech starts at the
/// first loud chunk and stops once the configured silence has followed it. Times are on the audio's own clock.
/// </summary>
internal sealed class EnergyVad
{
    private long _bytes;
    private long _silenceBytes;

    public int SilenceDurationMs { get; set; } = 500;

    public bool Speaking { get; private set; }

    /// <summary>Where the current (or last) speech started, in ms of audio received.</summary>
    public long SpeechStartMs { get; private set; }

    /// <summary>Where the last speech ended (before its trailing silence), in ms of audio received.</summary>
    public long SpeechEndMs { get; private set; }

    public VadChange Feed(ReadOnlySpan<byte> mulaw)
    {
        var loud = MuLawAudio.Rms(mulaw) > MuLawAudio.SpeechThreshold;
        var startedAt = _bytes;
        _bytes += mulaw.Length;
        if (!Speaking)
        {
            if (!loud)
            {
                return VadChange.None;
            }

            Speaking = true;
            _silenceBytes = 0;
            SpeechStartMs = startedAt / MuLawAudio.BytesPerMs;
            return VadChange.SpeechStarted;
        }

        _silenceBytes = loud ? 0 : _silenceBytes + mulaw.Length;
        if (_silenceBytes < (long)SilenceDurationMs * MuLawAudio.BytesPerMs)
        {
            return VadChange.None;
        }

        Speaking = false;
        SpeechEndMs = (_bytes - _silenceBytes) / MuLawAudio.BytesPerMs;
        return VadChange.SpeechStopped;
    }
}
