using Coordi.Contracts.V1;
using Coordi.Core.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Billing;

/// <summary>Decides whether the current organization may take a call now (the voice edge asks before connecting).</summary>
public sealed class CallAuthorizer(
    CoreDbContext db,
    BillingAccounts accounts,
    PlanCatalog plans,
    IOptions<BillingOptions> options,
    TimeProvider clock)
{
    public async Task<AuthorizeCallResponse> AuthorizeAsync(AuthorizeCallRequest request, CancellationToken cancellationToken)
    {
        var billing = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await accounts.GetAsync(cancellationToken);
        var status = BillingMath.StatusAt(account, now);
        var plan = account.State == Model.BillingState.Trialing ? null : plans.Find(account.PlanId);
        var (start, end) = BillingMath.PeriodAt(account, billing.Trial, now);
        var usage = BillingMath.Usage(account, plan, billing.Trial, await accounts.BillableMinutesAsync(start, end, cancellationToken), now);
        var ownerTestCall = request.FromNumber.Length > 0
            && BillingMath.IsOwnNumber(request.FromNumber, await accounts.OwnNumbersAsync(cancellationToken));

        // The organization may choose fewer lines than its plan allows, never more.
        var organizationCap = await db.Organizations.Where(o => o.Id == account.TenantId).Select(o => o.ConcurrentCallCap).SingleAsync(cancellationToken);
        var cap = Math.Min(plan?.ConcurrentCallCap ?? billing.Trial.ConcurrentCallCap, organizationCap);
        // A call whose end was never reported stops counting after the window.
        var liveSince = now.AddHours(-billing.LiveCallWindowHours);
        var live = await db.Calls.CountAsync(c => c.Status == Model.CallStatus.InProgress && c.StartedAt >= liveSince
            && c.TwilioCallSid != request.TwilioCallSid, cancellationToken);

        var trialExpired = account.State == Model.BillingState.Trialing && now >= BillingMath.TrialEndsAt(account, billing.Trial);
        var decision = BillingMath.DecideCall(status, usage, trialExpired, ownerTestCall, live, cap);
        return new AuthorizeCallResponse
        {
            Allowed = decision.Allowed,
            DenialReason = decision.Reason,
            Message = decision.Message,
            ConcurrentCallCap = cap,
            LiveCalls = live,
            OwnerTestCall = ownerTestCall,
            Status = status,
        };
    }
}
