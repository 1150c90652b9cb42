namespace Coordi.Voice.Recording;

/// <summary>Where finished recordings live. The reference stored on the call is this store's, opaque to others.</summary>
public interface IRecordingStore
{
    /// <summary>A local folder to build a recording in before it is saved.</summary>
    string WorkFolder { get; }

    /// <summary>
    /// Moves a finished WAV into the store and returns its reference. Throws <see cref="IOException"/> when it could
    /// not be stored; the local file is gone either way.
    /// </summary>
    Task<string> SaveAsync(string tenantId, string callId, string wavPath, CancellationToken cancellationToken);

    /// <summary>
    /// Opens one call's recording of one tenant for playback: a read-only, seekable stream whose length is the
    /// recording's, so range requests can be answered. Null when there is none.
    /// </summary>
    Task<Stream?> OpenAsync(Guid tenantId, Guid callId, CancellationToken cancellationToken);
}
