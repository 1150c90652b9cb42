using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>
/// Billable minutes of one completed call. Doubles as the outbox of Stripe meter events: a row with a
/// customer is reported until <see cref="ReportedAt"/> is set; trial usage has no customer and is never reported.
/// </summary>
public sealed class UsageRecord : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>One row per call; also the meter event's identifier, which makes Stripe drop a duplicate.</summary>
    public Guid CallId { get; set; }
    public int BillableMinutes { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>The Stripe customer billed; null for trial usage (counted, not reported).</summary>
    public string? StripeCustomerId { get; set; }
    public DateTime? ReportedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public string? LastError { get; set; }
}
