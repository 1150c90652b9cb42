using System.Collections.Concurrent;

namespace Coordi.Core.Events;

/// <summary>
/// Wakes whoever waits for an organization's next committed event (stream followers) or for any event (the
/// webhook worker). A signal only shortens a wait: waiters still re-read the table, so a lost signal costs
/// latency, never an event.
/// </summary>
public sealed class EventSignal
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _tenants = new();
    private TaskCompletionSource _any = NewSource();

    /// <summary>Completes at the next signal for <paramref name="tenantId"/>. Take it before reading, then wait on it.</summary>
    public Task NextAsync(Guid tenantId) => _tenants.GetOrAdd(tenantId, _ => NewSource()).Task;

    /// <summary>Completes at the next signal for any organization.</summary>
    public Task NextAnyAsync() => Volatile.Read(ref _any).Task;

    public void Notify(Guid tenantId)
    {
        if (_tenants.TryRemove(tenantId, out var source))
        {
            source.TrySetResult();
        }

        Interlocked.Exchange(ref _any, NewSource()).TrySetResult();
    }

    /// <summary>Wakes every waiter, e.g. after notifications may have been missed.</summary>
    public void NotifyAll()
    {
        foreach (var tenantId in _tenants.Keys)
        {
            Notify(tenantId);
        }

        Interlocked.Exchange(ref _any, NewSource()).TrySetResult();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
