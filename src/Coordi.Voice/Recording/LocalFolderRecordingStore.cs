using Microsoft.Extensions.Options;

namespace Coordi.Voice.Recording;

/// <summary>Recordings in a local folder, one sub-folder per tenant.</summary>
public sealed class LocalFolderRecordingStore(IOptions<VoiceOptions> options) : IRecordingStore
{
    private const string Scheme = "local:";
    private readonly string _root = Path.GetFullPath(options.Value.RecordingsPath);

    public string WorkFolder => Path.Combine(_root, ".work");

    public Task<string> SaveAsync(string tenantId, string callId, string wavPath, CancellationToken cancellationToken)
    {
        var relative = $"{Guid.Parse(tenantId):N}/{Guid.Parse(callId):N}.wav";
        var target = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(wavPath, target, overwrite: true);
        return Task.FromResult(Scheme + relative);
    }

    public Stream? Open(string reference)
    {
        if (!reference.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        // References are ours, but never trust a path: it must stay inside the root.
        var full = Path.GetFullPath(Path.Combine(_root, reference[Scheme.Length..]));
        return full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full)
            ? new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read)
            : null;
    }
}
