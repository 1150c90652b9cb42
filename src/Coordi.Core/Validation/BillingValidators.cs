using Coordi.Contracts.V1;
using Coordi.Core.Billing;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class ListInvoicesRequestValidator : AbstractValidator<ListInvoicesRequest>
{
    public ListInvoicesRequestValidator()
    {
        RuleFor(r => r.PageSize).InclusiveBetween(0, 100);
        // Stripe invoice ids are the cursor.
        RuleFor(r => r.PageToken).Matches("^(in_[A-Za-z0-9]{1,250})?$").WithMessage("'{PropertyValue}' is not a page token of this list.");
    }
}

public sealed class CreateCheckoutSessionRequestValidator : AbstractValidator<CreateCheckoutSessionRequest>
{
    public CreateCheckoutSessionRequestValidator(PlanCatalog plans)
    {
        RuleFor(r => r.PlanId).Must(id => plans.Find(id) is not null)
            .WithMessage(_ => $"'{{PropertyValue}}' is not a plan; choose one of: {string.Join(", ", plans.All.Select(p => p.Id))}.");
        RuleFor(r => r.SuccessUrl).AbsoluteHttpUrl();
        RuleFor(r => r.CancelUrl).AbsoluteHttpUrl();
    }
}

public sealed class CreateCustomerPortalSessionRequestValidator : AbstractValidator<CreateCustomerPortalSessionRequest>
{
    public CreateCustomerPortalSessionRequestValidator() => RuleFor(r => r.ReturnUrl).AbsoluteHttpUrl();
}

public sealed class SetSpendCapRequestValidator : AbstractValidator<SetSpendCapRequest>
{
    public SetSpendCapRequestValidator() =>
        RuleFor(r => r.SpendCapMinorUnits).InclusiveBetween(1, 100_000_000_00).When(r => r.HasSpendCapMinorUnits)
            .WithMessage("A spend cap must be a positive amount in minor units (e.g. cents); leave it unset to remove the cap.");
}

public sealed class HandleStripeWebhookRequestValidator : AbstractValidator<HandleStripeWebhookRequest>
{
    public HandleStripeWebhookRequestValidator()
    {
        RuleFor(r => r.Payload.Length).GreaterThan(0).OverridePropertyName("payload").WithMessage("The payload is empty: relay Stripe's request body unchanged.");
        RuleFor(r => r.Signature).NotEmpty().MaximumLength(2000).WithMessage("Send the Stripe-Signature header value.");
    }
}

public sealed class AuthorizeCallRequestValidator : AbstractValidator<AuthorizeCallRequest>
{
    public AuthorizeCallRequestValidator()
    {
        // Withheld numbers arrive as words ("anonymous"), so any short value is accepted.
        RuleFor(r => r.FromNumber).MaximumLength(32);
        RuleFor(r => r.TwilioCallSid).MaximumLength(64);
    }
}

internal static class BillingValidationRules
{
    public static IRuleBuilderOptions<T, string> AbsoluteHttpUrl<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(v => v.Length <= 2000 && Uri.TryCreate(v, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
            .WithMessage("'{PropertyValue}' is not an absolute http(s) URL.");
}
