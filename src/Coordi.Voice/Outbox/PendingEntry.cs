namespace Coordi.Voice.Outbox;

/// <summary>
/// An entry waiting for the core, under its name (a sequence number that sorts in enqueue order, then the kind).
/// <paramref name="OnDisk"/> is false for an entry the disk could not take, held in memory instead.
/// </summary>
public sealed record PendingEntry(string Name, OutboxEntry Entry, bool OnDisk);
