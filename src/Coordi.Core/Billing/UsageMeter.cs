using Coordi.Contracts.V1;
using Coordi.Core.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Billing;

/// <summary>
/// Turns a completed call into a usage row, in the caller's transaction. The row is also the outbox entry
/// the <see cref="UsageReporter"/> sends to Stripe, so a completed call is either billed or rolled back
/// with its completion, never lost in between.
/// </summary>
public sealed class UsageMeter(CoreDbContext db, BillingAccounts accounts, IOptions<BillingOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Records (or corrects, while unsent) the call's billable minutes. A call reported complete twice ends with
    /// the minutes of its latest report; once sent to Stripe a row no longer changes.
    /// </summary>
    public async Task RecordAsync(Model.Call call, CancellationToken cancellationToken)
    {
        var ownerTestCall = BillingMath.IsOwnNumber(call.FromNumber, await accounts.OwnNumbersAsync(cancellationToken));
        var minutes = BillingMath.BillableMinutes(call.Status, call.Outcome, call.DurationSeconds, ownerTestCall, options.Value.MinimumBillableSeconds);
        var account = await accounts.GetAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var status = BillingMath.StatusAt(account, now);
        // A restricted or canceled organization's callers only reached voicemail: nothing to bill.
        if (minutes == 0 || BillingMath.IsReadOnly(status))
        {
            await db.Database.ExecuteSqlAsync(
                $"DELETE FROM usage_records WHERE call_id = {call.Id} AND tenant_id = {db.CurrentTenantId} AND reported_at IS NULL",
                cancellationToken);
            return;
        }

        // Trial minutes are counted against the allowance but there is no one to bill in Stripe.
        var customerId = status is BillingStatus.Active or BillingStatus.PastDue ? account.StripeCustomerId : null;
        var occurredAt = call.EndedAt ?? now;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO usage_records (id, tenant_id, call_id, billable_minutes, occurred_at, stripe_customer_id, attempts, next_attempt_at)
            VALUES ({Guid.CreateVersion7()}, {db.CurrentTenantId}, {call.Id}, {minutes}, {occurredAt}, {customerId}, 0, {now})
            ON CONFLICT (call_id) DO UPDATE SET billable_minutes = EXCLUDED.billable_minutes
            WHERE usage_records.reported_at IS NULL
            """, cancellationToken);
    }
}
