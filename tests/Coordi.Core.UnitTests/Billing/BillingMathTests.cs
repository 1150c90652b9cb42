using Coordi.Contracts.V1;
using Coordi.Core.Billing;
using Coordi.Core.Model;
using ModelCallOutcome = Coordi.Core.Model.CallOutcome;
using ModelCallStatus = Coordi.Core.Model.CallStatus;

namespace Coordi.Core.UnitTests.Billing;

public sealed class BillingMathTests
{
    private static readonly DateTime Now = new(2026, 3, 15, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TrialOptions Trial = new() { Minutes = 30, Days = 14, ConcurrentCallCap = 2, PhoneNumberCap = 1 };
    private static readonly BillingPlan Starter = new("starter", "Starter", 49_00, 100, 40, 2, 1, "price_a", "price_b");

    private static BillingAccount Account(BillingState state, DateTime? graceEnd = null, long? cap = null) => new()
    {
        TenantId = Guid.NewGuid(),
        State = state,
        TrialStartedAt = Now.AddDays(-3),
        GraceEndsAt = graceEnd,
        SpendCapMinor = cap,
        CurrentPeriodStart = Now.AddDays(-10),
        CurrentPeriodEnd = Now.AddDays(20),
    };

    [Theory]
    [InlineData(BillingState.Trialing, BillingStatus.Trialing)]
    [InlineData(BillingState.Active, BillingStatus.Active)]
    [InlineData(BillingState.Unpaid, BillingStatus.Restricted)]
    [InlineData(BillingState.Canceled, BillingStatus.Canceled)]
    public void Stored_states_map_to_statuses(BillingState state, BillingStatus expected) =>
        Assert.Equal(expected, BillingMath.StatusAt(Account(state), Now));

    [Fact]
    public void Past_due_turns_restricted_exactly_when_the_grace_period_ends()
    {
        var account = Account(BillingState.PastDue, graceEnd: Now);

        Assert.Equal(BillingStatus.PastDue, BillingMath.StatusAt(account, Now.AddTicks(-1)));
        Assert.Equal(BillingStatus.Restricted, BillingMath.StatusAt(account, Now));
    }

    [Theory]
    [InlineData(BillingStatus.Restricted, true)]
    [InlineData(BillingStatus.Canceled, true)]
    [InlineData(BillingStatus.PastDue, false)]
    [InlineData(BillingStatus.Trialing, false)]
    [InlineData(BillingStatus.Active, false)]
    public void Only_restricted_and_canceled_are_read_only(BillingStatus status, bool readOnly) =>
        Assert.Equal(readOnly, BillingMath.IsReadOnly(status));

    [Fact]
    public void The_trial_period_runs_from_sign_up_for_the_trial_days()
    {
        var (start, end) = BillingMath.PeriodAt(Account(BillingState.Trialing), Trial, Now);

        Assert.Equal(Now.AddDays(-3), start);
        Assert.Equal(Now.AddDays(11), end);
    }

    [Fact]
    public void A_subscription_without_a_known_period_counts_the_calendar_month()
    {
        var account = Account(BillingState.Active);
        account.CurrentPeriodStart = null;
        account.CurrentPeriodEnd = null;

        var (start, end) = BillingMath.PeriodAt(account, Trial, Now);

        Assert.Equal(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc), start);
        Assert.Equal(new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc), end);
    }

    [Fact]
    public void Overage_is_charged_only_beyond_the_included_minutes()
    {
        var within = BillingMath.Usage(Account(BillingState.Active), Starter, Trial, 100, Now);
        var beyond = BillingMath.Usage(Account(BillingState.Active), Starter, Trial, 130, Now);

        Assert.Equal(0, within.OverageMinor);
        Assert.Equal(49_00, within.UpcomingInvoiceMinor);
        Assert.Equal(30 * 40, beyond.OverageMinor);
        Assert.Equal(49_00 + 30 * 40, beyond.UpcomingInvoiceMinor);
        Assert.Equal(100, beyond.IncludedMinutes);
    }

    [Fact]
    public void Trial_usage_reports_the_minutes_left_and_never_below_zero()
    {
        Assert.Equal(18, BillingMath.Usage(Account(BillingState.Trialing), null, Trial, 12, Now).TrialMinutesLeft);
        Assert.Equal(0, BillingMath.Usage(Account(BillingState.Trialing), null, Trial, 45, Now).TrialMinutesLeft);
    }

    [Theory]
    [InlineData(null, 500, false)]
    [InlineData(49_00L, 99, false)]   // included minutes are already paid for
    [InlineData(49_00L, 100, true)]   // the next minute would cost 40 beyond the cap
    [InlineData(49_40L, 100, false)]  // exactly one more overage minute fits
    [InlineData(49_40L, 101, true)]
    [InlineData(1L, 50, false)]       // below the monthly price: only overage is ever refused
    public void The_spend_cap_is_reached_when_the_next_charged_minute_would_exceed_it(long? cap, int minutes, bool reached) =>
        Assert.Equal(reached, BillingMath.SpendCapReached(Starter, minutes, cap));

    [Theory]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Lead, 61, false, 2)]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Lead, 60, false, 1)]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Booked, 10, false, 1)]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Lead, 9, false, 0)]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Spam, 600, false, 0)]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Voicemail, 45, false, 0)]
    [InlineData(ModelCallStatus.Completed, ModelCallOutcome.Information, 600, true, 0)]
    [InlineData(ModelCallStatus.Missed, null, 0, false, 0)]
    [InlineData(ModelCallStatus.Failed, null, 45, false, 0)]
    [InlineData(ModelCallStatus.Completed, null, 125, false, 3)]
    public void Billable_minutes_round_up_and_skip_free_calls(ModelCallStatus status, ModelCallOutcome? outcome, int seconds, bool ownerTest, int minutes) =>
        Assert.Equal(minutes, BillingMath.BillableMinutes(status, outcome, seconds, ownerTest, 10));

    [Theory]
    [InlineData("+15125550100", true)]
    [InlineData("+1 (512) 555-0100", true)]
    [InlineData("+15125550101", false)]
    [InlineData("anonymous", false)]
    [InlineData("", false)]
    public void The_owners_numbers_are_recognised_however_they_are_written(string from, bool own) =>
        Assert.Equal(own, BillingMath.IsOwnNumber(from, ["+15125550100", "+17375550199"]));

    [Fact]
    public void Backoff_doubles_up_to_the_maximum()
    {
        var initial = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromMinutes(1);

        Assert.Equal([2, 4, 8, 16, 32, 60, 60], Enumerable.Range(1, 7).Select(a => BillingMath.Backoff(a, initial, max).TotalSeconds));
    }

    public static TheoryData<BillingStatus, int, bool, bool, bool, int, CallDenialReason> Decisions => new()
    {
        { BillingStatus.Active, 0, false, false, false, 0, CallDenialReason.Unspecified },
        { BillingStatus.PastDue, 0, false, false, false, 0, CallDenialReason.Unspecified },
        { BillingStatus.Restricted, 0, false, false, true, 0, CallDenialReason.Restricted },
        { BillingStatus.Canceled, 0, false, false, true, 0, CallDenialReason.NotSubscribed },
        { BillingStatus.Trialing, 5, false, false, false, 0, CallDenialReason.Unspecified },
        { BillingStatus.Trialing, 0, false, false, false, 0, CallDenialReason.TrialEnded },
        { BillingStatus.Trialing, 5, true, false, false, 0, CallDenialReason.TrialEnded },
        { BillingStatus.Trialing, 0, true, false, true, 0, CallDenialReason.Unspecified },
        { BillingStatus.Active, 0, false, true, false, 0, CallDenialReason.SpendCapReached },
        { BillingStatus.Active, 0, false, true, true, 0, CallDenialReason.Unspecified },
        { BillingStatus.Active, 0, false, false, false, 2, CallDenialReason.ConcurrentCapReached },
        { BillingStatus.Active, 0, false, false, true, 2, CallDenialReason.ConcurrentCapReached },
    };

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Call_decisions(BillingStatus status, int trialMinutesLeft, bool trialExpired, bool capReached, bool ownerTest, int live, CallDenialReason expected)
    {
        var usage = new PeriodUsage(Now, Now, 0, 0, 0, 0, capReached, trialMinutesLeft);

        var decision = BillingMath.DecideCall(status, usage, trialExpired, ownerTest, live, concurrentCallCap: 2);

        Assert.Equal(expected == CallDenialReason.Unspecified, decision.Allowed);
        Assert.Equal(expected, decision.Reason);
        Assert.Equal(decision.Allowed, decision.Message.Length == 0);
    }
}
