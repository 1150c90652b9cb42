using Coordi.Contracts.V1;
using Coordi.Core.Model;

namespace Coordi.Core.Billing;

/// <summary>Usage figures of one billing period.</summary>
public sealed record PeriodUsage(
    DateTime PeriodStart,
    DateTime PeriodEnd,
    int BillableMinutes,
    int IncludedMinutes,
    long OverageMinor,
    long UpcomingInvoiceMinor,
    bool SpendCapReached,
    int TrialMinutesLeft);

/// <summary>The outcome of a call authorization; the message is for the owner, not the caller.</summary>
public sealed record CallDecision(bool Allowed, CallDenialReason Reason, string Message)
{
    public static CallDecision Allow { get; } = new(true, CallDenialReason.Unspecified, "");

    public static CallDecision Deny(CallDenialReason reason, string message) => new(false, reason, message);
}

/// <summary>The rules of billing as pure functions of state and time: no database, no Stripe.</summary>
public static class BillingMath
{
    /// <summary>Status as callers see it: a past-due account becomes restricted once its grace period ends.</summary>
    public static BillingStatus StatusAt(BillingAccount account, DateTime now) => account.State switch
    {
        BillingState.Trialing => BillingStatus.Trialing,
        BillingState.Active => BillingStatus.Active,
        BillingState.PastDue => account.GraceEndsAt is { } graceEnd && now >= graceEnd ? BillingStatus.Restricted : BillingStatus.PastDue,
        BillingState.Unpaid => BillingStatus.Restricted,
        BillingState.Canceled => BillingStatus.Canceled,
        _ => BillingStatus.Unspecified,
    };

    /// <summary>Restricted and canceled organizations are read-only and take no calls.</summary>
    public static bool IsReadOnly(BillingStatus status) => status is BillingStatus.Restricted or BillingStatus.Canceled;

    public static DateTime TrialEndsAt(BillingAccount account, TrialOptions trial) => account.TrialStartedAt.AddDays(trial.Days);

    /// <summary>
    /// The period usage is counted over: the trial while trialing, Stripe's current period when known, else
    /// the calendar month (UTC) of <paramref name="now"/>.
    /// </summary>
    public static (DateTime Start, DateTime End) PeriodAt(BillingAccount account, TrialOptions trial, DateTime now)
    {
        if (account.State == BillingState.Trialing)
        {
            return (account.TrialStartedAt, TrialEndsAt(account, trial));
        }

        if (account.CurrentPeriodStart is { } start && account.CurrentPeriodEnd is { } end && end > start)
        {
            return (start, end);
        }

        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        return (monthStart, monthStart.AddMonths(1));
    }

    public static PeriodUsage Usage(BillingAccount account, BillingPlan? plan, TrialOptions trial, int billableMinutes, DateTime now)
    {
        var (start, end) = PeriodAt(account, trial, now);
        if (account.State == BillingState.Trialing || plan is null)
        {
            var left = account.State == BillingState.Trialing ? Math.Max(0, trial.Minutes - billableMinutes) : 0;
            return new PeriodUsage(start, end, billableMinutes, account.State == BillingState.Trialing ? trial.Minutes : 0, 0, 0, false, left);
        }

        var overageMinutes = Math.Max(0, billableMinutes - plan.IncludedMinutes);
        var overage = overageMinutes * plan.OveragePerMinuteMinor;
        var total = plan.MonthlyPriceMinor + overage;
        return new PeriodUsage(start, end, billableMinutes, plan.IncludedMinutes, overage, total,
            SpendCapReached(plan, billableMinutes, account.SpendCapMinor), 0);
    }

    /// <summary>
    /// The cap counts the monthly price plus overage. It is reached when the next billable minute would be
    /// charged and would take the period's charges beyond the cap; the included minutes are already paid for.
    /// </summary>
    public static bool SpendCapReached(BillingPlan plan, int billableMinutes, long? spendCapMinor)
    {
        if (spendCapMinor is not { } cap || billableMinutes < plan.IncludedMinutes)
        {
            return false;
        }

        var charged = plan.MonthlyPriceMinor + (billableMinutes - plan.IncludedMinutes) * plan.OveragePerMinuteMinor;
        return charged + plan.OveragePerMinuteMinor > cap;
    }

    /// <summary>
    /// Minutes billed for a finished call, rounded up. Free: calls the agent did not complete, calls under
    /// the minimum length (hang-ups, wrong numbers), spam, the owner's own test calls, and calls that only
    /// reached voicemail (the plan refused the call, or the assistant was unavailable).
    /// </summary>
    public static int BillableMinutes(Model.CallStatus status, Model.CallOutcome? outcome, int durationSeconds, bool ownerTestCall, int minimumSeconds)
    {
        if (status != Model.CallStatus.Completed || outcome is Model.CallOutcome.Spam or Model.CallOutcome.Voicemail || ownerTestCall
            || durationSeconds < Math.Max(1, minimumSeconds))
        {
            return 0;
        }

        return (durationSeconds + 59) / 60;
    }

    /// <summary>
    /// Whether the caller is the organization itself: one of its own numbers or escalation contacts. Compared
    /// on digits, so "+1 (512) 555-0100" and "+15125550100" match.
    /// </summary>
    public static bool IsOwnNumber(string fromNumber, IEnumerable<string> ownNumbers)
    {
        var caller = Digits(fromNumber);
        return caller.Length >= 7 && ownNumbers.Any(n => Digits(n) == caller);
    }

    /// <summary>
    /// Whether a call may be connected. The owner's own test calls are free, so they are not refused for
    /// trial minutes or the spend cap; a restricted or canceled organization takes no calls at all.
    /// </summary>
    public static CallDecision DecideCall(BillingStatus status, PeriodUsage usage, bool trialExpired, bool ownerTestCall, int liveCalls, int concurrentCallCap)
    {
        switch (status)
        {
            case BillingStatus.Restricted:
                return CallDecision.Deny(CallDenialReason.Restricted,
                    "Calls are paused: a payment is overdue and the grace period has ended. Update the payment method on the Billing page.");
            case BillingStatus.Canceled:
                return CallDecision.Deny(CallDenialReason.NotSubscribed,
                    "Calls are paused: the subscription has ended. Choose a plan on the Billing page to resume.");
            case BillingStatus.Trialing when !ownerTestCall && (trialExpired || usage.TrialMinutesLeft <= 0):
                return CallDecision.Deny(CallDenialReason.TrialEnded,
                    "Calls are paused: the free trial is used up. Choose a plan on the Billing page to keep answering calls.");
            case BillingStatus.Active or BillingStatus.PastDue when !ownerTestCall && usage.SpendCapReached:
                return CallDecision.Deny(CallDenialReason.SpendCapReached,
                    "Calls are paused: this month's spend cap is reached. Raise or remove the cap on the Billing page.");
        }

        return liveCalls >= concurrentCallCap
            ? CallDecision.Deny(CallDenialReason.ConcurrentCapReached,
                $"A call was sent to voicemail: all {concurrentCallCap} lines of the plan were busy.")
            : CallDecision.Allow;
    }

    /// <summary>Retry delay after <paramref name="attempts"/> failed reports: doubling, capped.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan initial, TimeSpan max)
    {
        var factor = Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var delay = TimeSpan.FromMilliseconds(initial.TotalMilliseconds * factor);
        return delay < max ? delay : max;
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());
}
