using Coordi.Contracts.V1;
using Coordi.Core.Application.Errors;
using Coordi.Core.Billing;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc;

/// <summary>Billing RPCs. They keep working for a restricted organization, so an owner can always pay.</summary>
public sealed class BillingGrpcService(
    CoreDbContext db,
    BillingAccounts accounts,
    PlanCatalog plans,
    StripeGateway stripe,
    StripeWebhookProcessor webhooks,
    CallAuthorizer calls,
    IOptions<BillingOptions> options,
    TimeProvider clock) : BillingService.BillingServiceBase
{
    private const int DefaultInvoicePageSize = 20;

    [Access(AccessLevel.TenantRead), AllowedWhenRestricted]
    public override async Task<BillingOverview> GetBillingOverview(GetBillingOverviewRequest request, ServerCallContext context) =>
        await OverviewAsync(await accounts.GetAsync(context.CancellationToken), context.CancellationToken);

    [Access(AccessLevel.ServiceTenant), AllowedWhenRestricted]
    public override async Task<ListInvoicesResponse> ListInvoices(ListInvoicesRequest request, ServerCallContext context)
    {
        var account = await accounts.GetAsync(context.CancellationToken);
        var response = new ListInvoicesResponse();
        if (account.StripeCustomerId is not { } customerId)
        {
            return response;
        }

        var pageSize = request.PageSize == 0 ? DefaultInvoicePageSize : request.PageSize;
        var page = await StripeGateway.InteractiveAsync(() => stripe.ListInvoicesAsync(
            customerId, pageSize, request.PageToken.Length == 0 ? null : request.PageToken, context.CancellationToken));
        response.Invoices.AddRange(page.Data.Select(i => new Invoice
        {
            Id = i.Id,
            Number = i.Number ?? "",
            Status = i.Status ?? "",
            AmountDue = Money(i.AmountDue, i.Currency),
            AmountPaid = Money(i.AmountPaid, i.Currency),
            CreatedAt = i.Created.ToTimestamp(),
            Period = new TimeRange { Start = i.PeriodStart.ToTimestamp(), End = i.PeriodEnd.ToTimestamp() },
            HostedInvoiceUrl = i.HostedInvoiceUrl ?? "",
            InvoicePdfUrl = i.InvoicePdf ?? "",
        }));
        response.NextPageToken = page.HasMore && page.Data.Count > 0 ? page.Data[^1].Id : "";
        return response;
    }

    [Access(AccessLevel.ServiceTenant), AllowedWhenRestricted]
    public override async Task<CheckoutSession> CreateCheckoutSession(CreateCheckoutSessionRequest request, ServerCallContext context)
    {
        var plan = plans.Find(request.PlanId)!;
        if (plan.StripePriceId.Length == 0)
        {
            throw new FailedPreconditionException("PLAN_NOT_CONFIGURED", $"The plan '{plan.Id}' has no Stripe price configured (Coordi:Billing:Plans:{plan.Id}:StripePriceId).");
        }

        var customerId = await EnsureCustomerAsync(context.CancellationToken);
        var session = await StripeGateway.InteractiveAsync(() => stripe.CreateCheckoutSessionAsync(
            db.CurrentTenantId, customerId, plan, request.SuccessUrl, request.CancelUrl, context.CancellationToken));
        return new CheckoutSession { Id = session.Id, Url = session.Url ?? "" };
    }

    /// <summary>
    /// The organization's Stripe customer, created and committed on first use, so a failure after this point
    /// never leaves a customer in Stripe that Coordi forgot.
    /// </summary>
    private async Task<string> EnsureCustomerAsync(CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locked so two checkouts started at once share one customer.
        var account = await accounts.LockAsync(cancellationToken);
        // A past-due or restricted subscription is paid in the customer portal, not replaced by a second one.
        if (account.State is Model.BillingState.Active or Model.BillingState.PastDue or Model.BillingState.Unpaid)
        {
            throw new FailedPreconditionException("ALREADY_SUBSCRIBED",
                "The organization already has a subscription; change the plan or the card in the customer portal.");
        }

        if (account.StripeCustomerId is null)
        {
            var organization = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == account.TenantId, cancellationToken);
            account.StripeCustomerId = await StripeGateway.InteractiveAsync(() =>
                stripe.CreateCustomerAsync(account.TenantId, organization.Name, organization.OwnerEmail, cancellationToken));
            account.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return account.StripeCustomerId;
    }

    [Access(AccessLevel.ServiceTenant), AllowedWhenRestricted]
    public override async Task<CustomerPortalSession> CreateCustomerPortalSession(CreateCustomerPortalSessionRequest request, ServerCallContext context)
    {
        var account = await accounts.GetAsync(context.CancellationToken);
        var customerId = account.StripeCustomerId
            ?? throw new FailedPreconditionException("NO_CUSTOMER", "The organization has no Stripe customer yet; start a subscription first.");
        var url = await StripeGateway.InteractiveAsync(() => stripe.CreatePortalSessionAsync(customerId, request.ReturnUrl, context.CancellationToken));
        return new CustomerPortalSession { Url = url };
    }

    [Access(AccessLevel.ServiceTenant), AllowedWhenRestricted]
    public override async Task<BillingOverview> SetSpendCap(SetSpendCapRequest request, ServerCallContext context)
    {
        var account = await accounts.GetAsync(context.CancellationToken);
        account.SpendCapMinor = request.HasSpendCapMinorUnits ? request.SpendCapMinorUnits : null;
        account.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);
        return await OverviewAsync(account, context.CancellationToken);
    }

    [Access(AccessLevel.ServicePlatform), AllowedWhenRestricted]
    public override Task<HandleStripeWebhookResponse> HandleStripeWebhook(HandleStripeWebhookRequest request, ServerCallContext context) =>
        webhooks.HandleAsync(request.Payload, request.Signature, context.CancellationToken);

    [Access(AccessLevel.ServiceTenant), AllowedWhenRestricted]
    public override Task<AuthorizeCallResponse> AuthorizeCall(AuthorizeCallRequest request, ServerCallContext context) =>
        calls.AuthorizeAsync(request, context.CancellationToken);

    private async Task<BillingOverview> OverviewAsync(Model.BillingAccount account, CancellationToken cancellationToken)
    {
        var billing = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var status = BillingMath.StatusAt(account, now);
        var trialing = account.State == Model.BillingState.Trialing;
        var plan = trialing ? null : plans.Find(account.PlanId);
        var (start, end) = BillingMath.PeriodAt(account, billing.Trial, now);
        var usage = BillingMath.Usage(account, plan, billing.Trial, await accounts.BillableMinutesAsync(start, end, cancellationToken), now);

        var overview = new BillingOverview
        {
            Status = status,
            Plan = plan is null || status == BillingStatus.Canceled ? null : ToProto(plan),
            TrialMinutesLeft = usage.TrialMinutesLeft,
            TrialEndsAt = trialing ? BillingMath.TrialEndsAt(account, billing.Trial).ToTimestamp() : null,
            CurrentPeriod = new TimeRange { Start = start.ToTimestamp(), End = end.ToTimestamp() },
            BillableMinutes = usage.BillableMinutes,
            IncludedMinutes = usage.IncludedMinutes,
            OverageEstimate = Money(usage.OverageMinor),
            UpcomingInvoiceEstimate = Money(usage.UpcomingInvoiceMinor),
            SpendCap = account.SpendCapMinor is { } cap ? Money(cap) : null,
            SpendCapReached = usage.SpendCapReached,
            GraceEndsAt = status is BillingStatus.PastDue or BillingStatus.Restricted ? account.GraceEndsAt.ToTimestamp() : null,
            CancelAtPeriodEnd = account.CancelAtPeriodEnd,
            HasCustomer = account.StripeCustomerId is not null,
            ConcurrentCallCap = plan?.ConcurrentCallCap ?? billing.Trial.ConcurrentCallCap,
            PhoneNumberCap = plan?.PhoneNumberCap ?? billing.Trial.PhoneNumberCap,
        };
        overview.AvailablePlans.AddRange(plans.All.Select(ToProto));
        return overview;
    }

    private Plan ToProto(BillingPlan plan) => new()
    {
        Id = plan.Id,
        Name = plan.Name,
        MonthlyPrice = Money(plan.MonthlyPriceMinor),
        IncludedMinutes = plan.IncludedMinutes,
        OveragePerMinute = Money(plan.OveragePerMinuteMinor),
        ConcurrentCallCap = plan.ConcurrentCallCap,
        PhoneNumberCap = plan.PhoneNumberCap,
    };

    private Money Money(long minorUnits) => new() { MinorUnits = minorUnits, Currency = plans.Currency };

    private static Money Money(long minorUnits, string? currency) => new() { MinorUnits = minorUnits, Currency = (currency ?? "").ToUpperInvariant() };
}
