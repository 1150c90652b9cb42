using Coordi.Contracts.V1;
using Coordi.Core.Billing;
using Coordi.Core.Validation;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Coordi.Core.UnitTests.Billing;

public sealed class BillingValidatorsTests
{
    private static readonly PlanCatalog Plans = new(Options.Create(new BillingOptions()));

    private static IEnumerable<string> Fields<T>(IValidator<T> validator, T request) =>
        validator.Validate(request).Errors.Select(e => e.PropertyName);

    [Fact]
    public void Checkout_needs_a_known_plan_and_absolute_urls()
    {
        var validator = new CreateCheckoutSessionRequestValidator(Plans);

        Assert.Empty(Fields(validator, new CreateCheckoutSessionRequest { PlanId = "Pro", SuccessUrl = "https://a.example/ok", CancelUrl = "http://localhost:5000/billing" }));
        Assert.Equal(["PlanId", "SuccessUrl", "CancelUrl"], Fields(validator, new CreateCheckoutSessionRequest { PlanId = "gold", SuccessUrl = "/ok", CancelUrl = "ftp://a.example/" }));
    }

    [Fact]
    public void The_unknown_plan_message_lists_the_plans()
    {
        var error = new CreateCheckoutSessionRequestValidator(Plans)
            .Validate(new CreateCheckoutSessionRequest { PlanId = "gold", SuccessUrl = "https://a.example", CancelUrl = "https://a.example" })
            .Errors.Single();

        Assert.Contains("starter, pro", error.ErrorMessage);
    }

    [Fact]
    public void A_spend_cap_is_positive_or_unset()
    {
        var validator = new SetSpendCapRequestValidator();

        Assert.Empty(Fields(validator, new SetSpendCapRequest()));
        Assert.Empty(Fields(validator, new SetSpendCapRequest { SpendCapMinorUnits = 1 }));
        Assert.Single(Fields(validator, new SetSpendCapRequest { SpendCapMinorUnits = 0 }));
        Assert.Single(Fields(validator, new SetSpendCapRequest { SpendCapMinorUnits = -5 }));
    }

    [Fact]
    public void A_webhook_relay_needs_the_body_and_the_signature()
    {
        var validator = new HandleStripeWebhookRequestValidator();

        Assert.Equal(["payload", "Signature"], Fields(validator, new HandleStripeWebhookRequest()));
    }

    [Fact]
    public void Invoice_page_tokens_are_stripe_invoice_ids()
    {
        var validator = new ListInvoicesRequestValidator();

        Assert.Empty(Fields(validator, new ListInvoicesRequest { PageToken = "in_1AbC" }));
        Assert.Single(Fields(validator, new ListInvoicesRequest { PageToken = "cus_1AbC" }));
        Assert.Single(Fields(validator, new ListInvoicesRequest { PageSize = 101 }));
    }
}
