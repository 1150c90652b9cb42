using Coordi.Testing.Fakes;
using Coordi.Voice.Recording;

namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>Puts a finished recording where the voice edge's local store keeps it, as a call would leave it.</summary>
public static class Recordings
{
    /// <summary>Writes a stereo WAV of <paramref name="seconds"/> (a tone for the caller, silence for the agent) for <paramref name="recordingRef"/>.</summary>
    public static async Task WriteAsync(VoiceServer voice, string recordingRef, int seconds)
    {
        const string scheme = "local:";
        Assert.StartsWith(scheme, recordingRef, StringComparison.Ordinal);
        var path = Path.Combine(voice.RecordingsPath, recordingRef[scheme.Length..]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        var caller = new byte[seconds * MuLawAudio.SampleRate];
        MuLawAudio.Speech(caller, 0);
        var agent = new byte[caller.Length];
        Array.Fill(agent, MuLawAudio.Silence);
        using var left = new MemoryStream(caller);
        using var right = new MemoryStream(agent);
        await StereoWav.WriteAsync(path, left, right, CancellationToken.None);
    }
}
