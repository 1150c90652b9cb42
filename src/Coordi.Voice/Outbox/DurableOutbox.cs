using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Outbox;

/// <summary>
/// Core writes that must not be lost (leads, transcript turns, tool records, call completion), kept as one
/// file each until the core accepts them. A file is written and flushed to disk under a temporary name and then
/// renamed, so a crash leaves either the whole entry or none. Every write is idempotent at the core, so
/// sending an entry twice (a crash after send, before delete) is harmless.
/// </summary>
/// <remarks>
/// Entries the core refuses are parked in parked/ (see <see cref="ParkAsync"/>), to be listed and replayed by an
/// operator; files that cannot even be read go to dead/. When the disk cannot take an entry (full, read-only),
/// it is held in memory and delivered from there: the write is at risk only if the process also dies.
/// </remarks>
public sealed class DurableOutbox
{
    public const string ParkedFolderName = "parked";
    public const string DeadFolderName = "dead";

    private readonly string _folder;
    private readonly string _parkedFolder;
    private readonly string _deadFolder;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly ConcurrentDictionary<string, OutboxEntry> _unwritten = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OutboxEntry> _parkedUnwritten = new(StringComparer.Ordinal);
    private long _sequence;

    public DurableOutbox(IOptions<VoiceOptions> options, ILogger<DurableOutbox>? logger = null)
    {
        _logger = logger ?? NullLogger<DurableOutbox>.Instance;
        _folder = Path.GetFullPath(options.Value.OutboxPath);
        _parkedFolder = Path.Combine(_folder, ParkedFolderName);
        _deadFolder = Path.Combine(_folder, DeadFolderName);
        Directory.CreateDirectory(_folder);
        Directory.CreateDirectory(_parkedFolder);
        Directory.CreateDirectory(_deadFolder);
        foreach (var temp in Directory.EnumerateFiles(_folder, "*.tmp"))
        {
            File.Delete(temp); // never renamed: the write it held was never acknowledged to anyone
        }

        _sequence = DateTime.UtcNow.Ticks;
    }

    /// <summary>Entries waiting for the core, on disk and in memory.</summary>
    public int Depth => Directory.EnumerateFiles(_folder, "*.json").Count() + _unwritten.Count;

    /// <summary>Entries the disk could not take, held in memory until delivered.</summary>
    public int Unwritten => _unwritten.Count;

    /// <summary>Entries set aside for a person.</summary>
    public int ParkedCount => Directory.EnumerateFiles(_parkedFolder, "*.json").Count() + _parkedUnwritten.Count;

    public async Task EnqueueAsync(OutboxEntry entry, CancellationToken cancellationToken = default)
    {
        // Names sort in enqueue order, so entries of one call reach the core in the order they happened.
        var name = $"{Interlocked.Increment(ref _sequence):D20}-{entry.Kind}";
        try
        {
            await WriteAsync(_folder, name, entry, cancellationToken);
        }
        catch (IOException ex)
        {
            // The write was already promised (to the caller, to the model): not writing it down must not mean
            // dropping it. It goes to the core from memory, and is lost only if this process dies first.
            _unwritten[name] = entry;
            _logger.LogCritical(ex, "Outbox disk write failed ({Error}); {Kind} of call {CallId} for tenant {TenantId} is held in memory until the core takes it",
                ex.Message, entry.Kind, entry.CallId, entry.TenantId);
        }

        _signal.Release();
    }

    /// <summary>Pending entries, oldest first.</summary>
    public IReadOnlyList<PendingEntry> Pending()
    {
        var pending = new List<PendingEntry>();
        foreach (var path in Directory.EnumerateFiles(_folder, "*.json"))
        {
            var entry = Read(path);
            if (entry is null)
            {
                MoveToDead(path);
                continue;
            }

            pending.Add(new PendingEntry(Path.GetFileNameWithoutExtension(path), entry, OnDisk: true));
        }

        pending.AddRange(_unwritten.Select(u => new PendingEntry(u.Key, u.Value, OnDisk: false)));
        pending.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return pending;
    }

    /// <summary>The core accepted the entry: it is gone.</summary>
    public void Acknowledge(PendingEntry pending)
    {
        if (pending.OnDisk)
        {
            File.Delete(PathOf(_folder, pending.Name));
        }
        else
        {
            _unwritten.TryRemove(pending.Name, out _);
        }
    }

    /// <summary>
    /// Stores the entry's failure count with it, so a restart does not reset its bound. Best effort: on a full disk
    /// the previous count stays, and the count kept in memory by the sender still applies while the process lives.
    /// </summary>
    public async Task RecordFailureAsync(PendingEntry pending, OutboxEntry failed)
    {
        if (!pending.OnDisk)
        {
            _unwritten[pending.Name] = failed;
            return;
        }

        try
        {
            await WriteAsync(_folder, pending.Name, failed, CancellationToken.None);
        }
        catch (IOException ex)
        {
            _logger.LogWarning("Could not store the attempt count of outbox entry {Name}: {Error}", pending.Name, ex.Message);
        }
    }

    /// <summary>
    /// Sets the entry aside: it is no longer delivered, and does not hold up anything else. It stays until an
    /// operator replays it (<see cref="ReplayParkedAsync"/>).
    /// </summary>
    public async Task ParkAsync(PendingEntry pending, OutboxEntry parked)
    {
        try
        {
            await WriteAsync(_parkedFolder, pending.Name, parked, CancellationToken.None);
        }
        catch (IOException ex)
        {
            _parkedUnwritten[pending.Name] = parked;
            _logger.LogCritical("Outbox disk write failed ({Error}); parked entry {Name} is held in memory", ex.Message, pending.Name);
        }

        Acknowledge(pending);
    }

    /// <summary>Parked entries, oldest first.</summary>
    public IReadOnlyList<PendingEntry> Parked()
    {
        var parked = Directory.EnumerateFiles(_parkedFolder, "*.json")
            .Select(path => (Name: Path.GetFileNameWithoutExtension(path), Entry: Read(path)))
            .Where(p => p.Entry is not null)
            .Select(p => new PendingEntry(p.Name, p.Entry!, OnDisk: true))
            .Concat(_parkedUnwritten.Select(p => new PendingEntry(p.Key, p.Value, OnDisk: false)))
            .ToList();
        parked.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return parked;
    }

    /// <summary>
    /// Puts parked entries (all, or those of one call) back in line with a fresh attempt count, under their
    /// original names so they keep their place before anything their call wrote later.
    /// </summary>
    public async Task<int> ReplayParkedAsync(string? callId = null)
    {
        var replayed = 0;
        foreach (var parked in Parked().Where(p => callId is null || p.Entry.CallId == callId))
        {
            var fresh = parked.Entry with { Attempts = 0, LastError = null, ParkedAt = null };
            try
            {
                await WriteAsync(_folder, parked.Name, fresh, CancellationToken.None);
            }
            catch (IOException ex)
            {
                _logger.LogCritical("Outbox disk write failed ({Error}); replayed entry {Name} is held in memory", ex.Message, parked.Name);
                _unwritten[parked.Name] = fresh;
            }

            if (parked.OnDisk)
            {
                File.Delete(PathOf(_parkedFolder, parked.Name));
            }
            else
            {
                _parkedUnwritten.TryRemove(parked.Name, out _);
            }

            replayed++;
        }

        _signal.Release();
        return replayed;
    }

    /// <summary>A file that cannot be read as an entry: kept aside for a person, never sent.</summary>
    internal void MoveToDead(string path)
    {
        try
        {
            File.Move(path, Path.Combine(_deadFolder, Path.GetFileName(path)), overwrite: true);
            _logger.LogError("Outbox file {Name} could not be read as an entry; moved to {Folder}", Path.GetFileName(path), DeadFolderName);
        }
        catch (FileNotFoundException)
        {
            // Delivered and deleted while it was being listed.
        }
    }

    public Task<bool> WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    private static string PathOf(string folder, string name) => Path.Combine(folder, name + ".json");

    private static OutboxEntry? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<OutboxEntry>(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(string folder, string name, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(folder, name + ".tmp");
        try
        {
            await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
            {
                await JsonSerializer.SerializeAsync(file, entry, cancellationToken: cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, PathOf(folder, name), overwrite: true);
        }
        catch
        {
            // A half-written temporary file would take the space the next write needs.
            File.Delete(temp);
            throw;
        }
    }
}
