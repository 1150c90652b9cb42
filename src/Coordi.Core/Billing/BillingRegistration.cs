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
}
