using System.Diagnostics;

namespace Coordi.Events.LoadTest;

/// <summary>
/// Every write of the run, by its number: when it was sent and answered, and when (and how often) its event
/// reached each path. The number travels inside the event itself (<see cref="EventToken"/>), so an event that
/// arrives before its write's answer is still matched.
/// </summary>
public sealed class WriteLedger(int capacity)
{
    private readonly WriteRecord[] _records = new WriteRecord[capacity];
    private int _next = -1;

    public int Count => Math.Min(Volatile.Read(ref _next) + 1, _records.Length);

    /// <summary>Numbers a new write; null when the ledger is full (the run then writes no more).</summary>
    public int? Begin(int organization, bool warmup)
    {
        var number = Interlocked.Increment(ref _next);
        if (number >= _records.Length)
        {
            return null;
        }

        ref var record = ref _records[number];
        record.Organization = organization;
        record.Warmup = warmup;
        record.SentAt = Stopwatch.GetTimestamp();
        return number;
    }

    public void Succeeded(int number) => _records[number].ReturnedAt = Stopwatch.GetTimestamp();

    public void Failed(int number) => _records[number].Failed = true;

    /// <summary>Records an arrival on a path; false when the number is not one this run wrote.</summary>
    public bool Arrived(int number, DeliveryPath path, long at)
    {
        if (number < 0 || number >= Count)
        {
            return false;
        }

        ref var record = ref _records[number];
        if (path == DeliveryPath.Stream)
        {
            Interlocked.CompareExchange(ref record.StreamAt, at, 0);
            Interlocked.Increment(ref record.StreamCount);
        }
        else
        {
            Interlocked.CompareExchange(ref record.WebhookAt, at, 0);
            Interlocked.Increment(ref record.WebhookCount);
        }

        return true;
    }

    public ref readonly WriteRecord this[int number] => ref _records[number];

    /// <summary>Whether every successful write among the selected ones has arrived on both paths.</summary>
    public bool AllArrived(bool warmup)
    {
        for (var i = 0; i < Count; i++)
        {
            ref readonly var r = ref _records[i];
            if (r.Warmup == warmup && r.ReturnedAt != 0 && (Volatile.Read(in r.StreamCount) == 0 || Volatile.Read(in r.WebhookCount) == 0))
            {
                return false;
            }
        }

        return true;
    }
}

public enum DeliveryPath
{
    Stream,
    Webhook,
}

public struct WriteRecord
{
    public int Organization;
    public bool Warmup;
    public bool Failed;
    public long SentAt;
    public long ReturnedAt;
    public long StreamAt;
    public long WebhookAt;
    public int StreamCount;
    public int WebhookCount;
}
