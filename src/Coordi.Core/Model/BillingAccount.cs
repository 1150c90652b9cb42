using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>
/// An organization's subscription state, one row per organization, kept in step with Stripe by webhooks.
/// A missing row means a trial that has not been touched yet (see <c>BillingAccounts</c>).
/// </summary>
public sealed class BillingAccount : ITenantOwned
{
    public Guid TenantId { get; set; }
    public BillingState State { get; set; } = BillingState.Trialing;
    /// <summary>Configured plan id, e.g. "starter"; null while trialing.</summary>
    public string? PlanId { get; set; }
    public DateTime TrialStartedAt { get; set; }
    public string? StripeCustomerId { get; set; }
    public string? StripeSubscriptionId { get; set; }
    public DateTime? CurrentPeriodStart { get; set; }
    public DateTime? CurrentPeriodEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    /// <summary>Past due only: when the organization becomes restricted if still unpaid.</summary>
    public DateTime? GraceEndsAt { get; set; }
    /// <summary>Monthly spend cap in the plans' currency minor units; null for none.</summary>
    public long? SpendCapMinor { get; set; }
    /// <summary>
    /// Stripe's <c>created</c> of the last invoice outcome (paid / payment failed) applied, so a late delivery
    /// of an older outcome cannot undo a newer one.
    /// </summary>
    public DateTime? LastInvoiceEventAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Stored subscription state; "restricted" after the grace period is derived from the clock.</summary>
public enum BillingState
{
    Trialing = 1,
    Active = 2,
    PastDue = 3,
    /// <summary>Stripe gave up collecting (subscription "unpaid"): restricted without waiting for the grace end.</summary>
    Unpaid = 4,
    Canceled = 5,
}
