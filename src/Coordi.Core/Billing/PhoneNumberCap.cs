using Coordi.Core.Application.Errors;
using Coordi.Core.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Billing;

/// <summary>The plan's (or trial's) limit on how many numbers an organization holds.</summary>
public sealed class PhoneNumberCap(CoreDbContext db, BillingAccounts accounts, PlanCatalog plans, IOptions<BillingOptions> options)
{
    public const string Reason = "NUMBER_CAP_REACHED";

    /// <summary>Throws FAILED_PRECONDITION when one more number would exceed the cap.</summary>
    public async Task EnsureRoomForOneMoreAsync(CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(cancellationToken);
        var plan = account.State == Model.BillingState.Trialing ? null : plans.Find(account.PlanId);
        var cap = plan?.PhoneNumberCap ?? options.Value.Trial.PhoneNumberCap;
        var held = await db.PhoneNumbers.CountAsync(cancellationToken);
        if (held >= cap)
        {
            var what = plan is null ? "The trial" : $"The {plan.Name} plan";
            throw new FailedPreconditionException(Reason,
                $"{what} allows {cap} phone number{(cap == 1 ? "" : "s")} and the organization already has {held}. Release one or upgrade the plan.");
        }
    }
}
