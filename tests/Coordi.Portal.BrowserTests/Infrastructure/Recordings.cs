using Coordi.Testing.Fakes;
using Coordi.Voice.Recording;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>Puts a finished recording into the voice edge's store (its S3 bucket), as a call would leave it.</summary>
public static class Recordings
{
    /// <summary>Stores a stereo WAV of <paramref name="seconds"/> (a tone for the caller, silence for the agent) for the call.</summary>
    public static async Task WriteAsync(VoiceServer voice, Call call, string tenantId, int seconds)
    {
        var store = voice.Services.GetRequiredService<IRecordingStore>();
        Directory.CreateDirectory(store.WorkFolder);
        var path = Path.Combine(store.WorkFolder, call.Id + ".wav");

        var caller = new byte[seconds * MuLawAudio.SampleRate];
        MuLawAudio.Speech(caller, 0);
        var agent = new byte[caller.Length];
        Array.Fill(agent, MuLawAudio.Silence);
        using var left = new MemoryStream(caller);
        using var right = new MemoryStream(agent);
        await StereoWav.WriteAsync(path, left, right, CancellationToken.None);
        var reference = await store.SaveAsync(tenantId, call.Id, path, CancellationToken.None);
        Assert.Equal(call.RecordingRef, reference);
    }
}
