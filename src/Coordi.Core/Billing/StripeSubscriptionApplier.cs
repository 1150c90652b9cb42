using Coordi.Core.Model;
using Microsoft.Extensions.Options;
using Stripe;

namespace Coordi.Core.Billing;

/// <summary>Maps Stripe's subscription and invoice outcomes onto an organization's billing account.</summary>
public sealed class StripeSubscriptionApplier(PlanCatalog plans, IOptions<BillingOptions> options, TimeProvider clock)
{
    private static readonly string[] LiveStatuses = ["active", "trialing", "past_due", "unpaid"];

    /// <summary>
    /// Copies the subscription onto the account. Returns false (and changes nothing) for a subscription that
    /// is not the account's and not live, e.g. a late event of a subscription the owner replaced.
    /// </summary>
    public bool Apply(BillingAccount account, Subscription subscription)
    {
        var isLive = LiveStatuses.Contains(subscription.Status);
        if (account.StripeSubscriptionId is { } currentId && currentId != subscription.Id && !isLive)
        {
            return false;
        }

        account.StripeSubscriptionId = subscription.Id;
        account.StripeCustomerId ??= subscription.CustomerId;
        var items = subscription.Items?.Data ?? [];
        var plan = plans.FindByPrices(items.Select(i => i.Price?.Id ?? ""))
            ?? plans.Find(subscription.Metadata?.GetValueOrDefault(StripeMetadata.PlanId));
        account.PlanId = plan?.Id ?? account.PlanId;
        // Since API version 2025-03-31 the period lives on the subscription items.
        if (items.FirstOrDefault() is { } item && item.CurrentPeriodEnd > item.CurrentPeriodStart)
        {
            account.CurrentPeriodStart = item.CurrentPeriodStart;
            account.CurrentPeriodEnd = item.CurrentPeriodEnd;
        }

        account.CancelAtPeriodEnd = subscription.CancelAtPeriodEnd;
        switch (subscription.Status)
        {
            case "active" or "trialing":
                account.State = BillingState.Active;
                account.GraceEndsAt = null;
                break;
            case "past_due":
                MarkPaymentFailed(account);
                break;
            case "unpaid" or "paused":
                account.State = BillingState.Unpaid;
                break;
            case "canceled" or "incomplete_expired":
                account.State = BillingState.Canceled;
                account.GraceEndsAt = null;
                break;
            // "incomplete": the first payment is still being made; nothing changes until it settles.
        }

        return true;
    }

    /// <summary>A paid invoice restores a past-due or restricted organization; other states are the subscription's to set.</summary>
    public void MarkPaid(BillingAccount account)
    {
        if (account.State is BillingState.PastDue or BillingState.Unpaid)
        {
            account.State = BillingState.Active;
            account.GraceEndsAt = null;
        }
    }

    /// <summary>A failed payment starts the grace period; further failures do not extend it.</summary>
    public void MarkPaymentFailed(BillingAccount account)
    {
        if (account.State is not (BillingState.Active or BillingState.PastDue))
        {
            return;
        }

        if (account.State != BillingState.PastDue || account.GraceEndsAt is null)
        {
            account.GraceEndsAt = clock.GetUtcNow().UtcDateTime.AddDays(options.Value.GracePeriodDays);
        }

        account.State = BillingState.PastDue;
    }
}
