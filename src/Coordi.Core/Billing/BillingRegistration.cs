using System.ComponentModel.DataAnnotations;

namespace Coordi.Core.Billing;

public static class BillingRegistration
{
    /// <summary>Plans, Stripe, webhooks, usage metering and its reporter.</summary>
    public static WebApplicationBuilder AddBilling(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BillingOptions>()
            .Bind(builder.Configuration.GetSection(BillingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.Plans.Count > 0, "Configure at least one plan under Coordi:Billing:Plans.")
            .Validate(o => o.Plans.Values.All(p => p.Name.Length > 0), "Every plan needs a Name.")
            .Validate(o => Valid(o.Trial) && Valid(o.Stripe) && Valid(o.UsageReporting) && o.Plans.Values.All(Valid),
                "Coordi:Billing has a value out of range (Trial, Stripe, UsageReporting or a plan).")
            .ValidateOnStart();
        builder.Services.AddSingleton<PlanCatalog>();
        builder.Services.AddSingleton<StripeGateway>();
        builder.Services.AddSingleton<StripeSubscriptionApplier>();
        builder.Services.AddScoped<BillingAccounts>();
        builder.Services.AddScoped<UsageMeter>();
        builder.Services.AddScoped<CallAuthorizer>();
        builder.Services.AddScoped<PhoneNumberCap>();
        builder.Services.AddScoped<StripeWebhookProcessor>();
        builder.Services.AddHostedService<UsageReporter>();
        return builder;
    }

    // DataAnnotations validation of the options covers only their top level.
    private static bool Valid(object section) =>
        Validator.TryValidateObject(section, new ValidationContext(section), null, validateAllProperties: true);
}
