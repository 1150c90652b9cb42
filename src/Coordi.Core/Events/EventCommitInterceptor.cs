using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Coordi.Core.Events;

/// <summary>Hands the end of every EF transaction to <see cref="EventPublisher"/>, which publishes the events it wrote once committed.</summary>
public sealed class EventCommitInterceptor(EventPublisher publisher) : DbTransactionInterceptor
{
    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        publisher.TransactionEnded(transaction, committed: true);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        publisher.TransactionEnded(transaction, committed: true);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        publisher.TransactionEnded(transaction, committed: false);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        publisher.TransactionEnded(transaction, committed: false);
        return Task.CompletedTask;
    }
}
