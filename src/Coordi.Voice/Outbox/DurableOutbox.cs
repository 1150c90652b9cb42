using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Outbox;

/// <summary>
/// Core writes that must not be lost (leads, transcript turns, tool records, call completion), kept as one
/// file each until the core accepts them. A file is written and flushed to disk under a temporary name and then
/// renamed, so a crash leaves either the whole entry or none. Every write is idempotent at the core, so
/// sending an entry twice (a crash after send, before delete) is harmless.
/// </summary>
public sealed class DurableOutbox
{
    private readonly string _folder;
    private readonly string _deadFolder;
    private readonly SemaphoreSlim _signal = new(0);
    private long _sequence;

    public DurableOutbox(IOptions<VoiceOptions> options)
    {
        _folder = Path.GetFullPath(options.Value.OutboxPath);
        _deadFolder = Path.Combine(_folder, "dead");
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(_deadFolder);
        foreach (var temp in Directory.EnumerateFiles(_folder, "*.tmp"))
        {
            File.Delete(temp); // never renamed: the write it held was never acknowledged to anyone
        }

        _sequence = DateTime.UtcNow.Ticks;
    }

    public int Depth => Directory.EnumerateFiles(_folder, "*.json").Count();

    public async Task EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
    {
        // Names sort in enqueue order, so entries of one call reach the core in the order they happened.
        var name = $"{Interlocked.Increment(ref _sequence):D20}-{entry.Kind}";
        var temp = Path.Combine(_folder, name + ".tmp");
        await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            await JsonSerializer.SerializeAsync(file, entry, cancellationToken: cancellationToken);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, Path.Combine(_folder, name + ".json"));
        _signal.Release();
    }

    /// <summary>Pending entries, oldest first.</summary>
    public IEnumerable<(string Path, OutboxEntry Entry)> Pending()
    {
        foreach (var path in Directory.EnumerateFiles(_folder, "*.json").Order(StringComparer.Ordinal))
        {
            OutboxEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<OutboxEntry>(File.ReadAllText(path));
            }
            catch (Exception ex) when (ex is JsonException or IOException)
            {
                entry = null;
            }

            if (entry is null)
            {
                MoveToDead(path);
                continue;
            }

            yield return (path, entry);
        }
    }

    public void Acknowledge(string path) => File.Delete(path);

    /// <summary>The core refused the entry for good (e.g. invalid): kept aside for a person, not retried forever.</summary>
    public void MoveToDead(string path) => File.Move(path, Path.Combine(_deadFolder, Path.GetFileName(path)), overwrite: true);

    public Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
