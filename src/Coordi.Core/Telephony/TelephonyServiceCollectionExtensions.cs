namespace Coordi.Core.Telephony;

public static class TelephonyServiceCollectionExtensions
{
    /// <summary>The organization's Twilio account: number search, purchase and webhook set-up.</summary>
    public static IServiceCollection AddTwilioPhoneNumbers(this IServiceCollection services)
    {
        services.AddTransient<TwilioApiBaseUrlHandler>();
        services.AddHttpClient(TenantTwilioClients.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(20))
            .AddHttpMessageHandler<TwilioApiBaseUrlHandler>();
        services.AddScoped<TenantTwilioClients>();
        services.AddScoped<TwilioPhoneNumbers>();
        return services;
    }
}
