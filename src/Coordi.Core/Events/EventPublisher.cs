using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Coordi.Core.Infrastructure;
using Npgsql;

namespace Coordi.Core.Events;

/// <summary>
/// Tells followers that an organization has new committed events: at once to those of this instance
/// (<see cref="EventSignal"/>), and to the other instances with one <c>pg_notify</c> per batch of organizations.
/// </summary>
/// <remarks>
/// A notification is sent after the commit, not inside the writing transaction: PostgreSQL orders the commits
/// of notifying transactions under one database-wide lock, which would make every event write of every
/// organization wait for the one before it. A notification lost in a crash between commit and send costs the
/// other instances' followers latency only: they re-read on a timer.
/// </remarks>
public sealed class EventPublisher([FromKeyedServices(CoreDataSources.Workers)] NpgsqlDataSource dataSource, EventSignal signal, ILogger<EventPublisher> logger) : BackgroundService
{
    public const string Channel = "coordi_events";

    // Payloads must stay under PostgreSQL's 8,000-byte limit: the instance id, then tenant ids.
    private const int MaxTenantsPerNotification = 200;

    /// <summary>Lets an instance ignore the notifications it sent itself, whose followers it has already woken.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    // Keyed weakly by the transaction object. The table is thread-safe, and each set is only touched by the request
    // that owns its transaction, one step after another, so no lock is taken. A transaction disposed without commit
    // or rollback leaves its entry behind; Npgsql reuses the object for the connection's next transaction, whose
    // end clears it, so the worst case is one needless wake-up, never a missed one.
    private readonly ConditionalWeakTable<DbTransaction, HashSet<Guid>> _awaitingCommit = new();
    private readonly Channel<Guid> _outgoing = System.Threading.Channels.Channel.CreateUnbounded<Guid>(
        new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Publishes <paramref name="tenantId"/>'s new events when <paramref name="transaction"/> commits.</summary>
    public void PublishOnCommit(DbTransaction transaction, Guid tenantId) =>
        _awaitingCommit.GetOrCreateValue(transaction).Add(tenantId);

    /// <summary>Called by <see cref="EventCommitInterceptor"/> when a transaction has ended.</summary>
    public void TransactionEnded(DbTransaction transaction, bool committed)
    {
        // Most transactions wrote no events: one lock-free lookup and out.
        if (!_awaitingCommit.TryGetValue(transaction, out var tenants))
        {
            return;
        }

        _awaitingCommit.Remove(transaction);

        if (!committed)
        {
            return;
        }

        foreach (var tenantId in tenants)
        {
            signal.Notify(tenantId);
            _outgoing.Writer.TryWrite(tenantId);
        }
    }

    /// <summary>Reads a notification's payload; false for one this instance sent or one it cannot read.</summary>
    public bool TryParse(string payload, out List<Guid> tenantIds)
    {
        tenantIds = [];
        var parts = payload.Split(',');
        if (parts.Length < 2 || parts[0] == InstanceId)
        {
            return false;
        }

        foreach (var part in parts.AsSpan(1))
        {
            if (Guid.TryParse(part, out var tenantId))
            {
                tenantIds.Add(tenantId);
            }
        }

        return tenantIds.Count > 0;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new HashSet<Guid>();
        try
        {
            while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
            {
                // Whatever piled up while the previous notification was sent goes out together.
                while (batch.Count < MaxTenantsPerNotification && _outgoing.Reader.TryRead(out var tenantId))
                {
                    batch.Add(tenantId);
                }

                await SendAsync(batch, stoppingToken);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(HashSet<Guid> tenants, CancellationToken cancellationToken)
    {
        var payload = new StringBuilder(InstanceId, 33 + (37 * tenants.Count));
        foreach (var tenantId in tenants)
        {
            payload.Append(',').Append(tenantId.ToString("D"));
        }

        try
        {
            await using var command = dataSource.CreateCommand("SELECT pg_notify(@channel, @payload)");
            command.Parameters.AddWithValue("channel", Channel);
            command.Parameters.AddWithValue("payload", payload.ToString());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not notify other instances of new events for {TenantCount} organizations; their followers find them on their next read", tenants.Count);
        }
    }
}
