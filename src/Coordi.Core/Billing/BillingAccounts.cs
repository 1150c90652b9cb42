using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Coordi.MultiTenancy.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Billing;

/// <summary>
/// The current tenant's billing account and usage. The account row is created on first use, so
/// organizations that signed up before billing existed start their trial the same way as new ones.
/// </summary>
public sealed class BillingAccounts(CoreDbContext db, TimeProvider clock)
{
    /// <summary>The tenant's account, tracked for changes.</summary>
    public async Task<BillingAccount> GetAsync(CancellationToken cancellationToken)
    {
        var account = await db.BillingAccounts.SingleOrDefaultAsync(cancellationToken);
        if (account is not null)
        {
            return account;
        }

        await EnsureExistsAsync(cancellationToken);
        return await db.BillingAccounts.SingleAsync(cancellationToken);
    }

    /// <summary>
    /// The tenant's account, locked until the surrounding transaction ends, so concurrent changes of one
    /// organization's billing (two checkouts, a webhook) apply one after the other. Call before any other
    /// read of the account in the same context, so the values are the locked ones.
    /// </summary>
    public async Task<BillingAccount> LockAsync(CancellationToken cancellationToken)
    {
        await EnsureExistsAsync(cancellationToken);
        var tenantId = db.CurrentTenantId;
        return await db.BillingAccounts
            .FromSql($"SELECT * FROM billing_accounts WHERE tenant_id = {tenantId} FOR UPDATE")
            .IgnoreQueryFilters([TenantDbContext.TenantFilterName])
            .SingleAsync(cancellationToken);
    }

    private async Task EnsureExistsAsync(CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var now = clock.GetUtcNow().UtcDateTime;
        // The trial runs from sign-up. ON CONFLICT: two first requests at once create one row.
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO billing_accounts (tenant_id, state, trial_started_at, cancel_at_period_end, updated_at)
            SELECT o.id, {BillingState.Trialing.ToString()}, o.created_at, false, {now}
            FROM organizations o WHERE o.id = {tenantId}
            ON CONFLICT (tenant_id) DO NOTHING
            """, cancellationToken);
    }

    /// <summary>Billable minutes the tenant used in [start, end).</summary>
    public Task<int> BillableMinutesAsync(DateTime start, DateTime end, CancellationToken cancellationToken) =>
        db.UsageRecords.Where(u => u.OccurredAt >= start && u.OccurredAt < end).SumAsync(u => u.BillableMinutes, cancellationToken);

    /// <summary>
    /// Numbers that are the organization itself: its own lines and its escalation contacts. Calls from them
    /// are the owner testing the agent.
    /// </summary>
    public async Task<IReadOnlyList<string>> OwnNumbersAsync(CancellationToken cancellationToken)
    {
        var lines = await db.PhoneNumbers.AsNoTracking().Select(p => p.E164).ToListAsync(cancellationToken);
        var contacts = await db.BusinessProfiles.AsNoTracking().Select(p => p.EscalationContacts).SingleOrDefaultAsync(cancellationToken);
        return [.. lines, .. (contacts ?? []).Select(c => c.Phone)];
    }
}
