namespace Coordi.Voice.Recording;

/// <summary>Where finished recordings live. The reference stored on the call is this store's, opaque to others.</summary>
public interface IRecordingStore
{
    /// <summary>A local folder to build a recording in before it is saved.</summary>
    string WorkFolder { get; }

    /// <summary>Moves a finished WAV into the store; returns its reference (e.g. "local:tenant/call.wav").</summary>
    Task<string> SaveAsync(string tenantId, string callId, string wavPath, CancellationToken cancellationToken);

    /// <summary>Opens a recording for playback, or null when the reference is unknown.</summary>
    Stream? Open(string reference);
}
