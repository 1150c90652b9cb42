using Coordi.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Telephony;

public static class TelephonyServiceCollectionExtensions
{
    /// <summary>The organization's Twilio account: number search, purchase and webhook set-up.</summary>
    public static IServiceCollection AddTwilioPhoneNumbers(this IServiceCollection services)
    {
        services.AddHttpClient(TenantTwilioClients.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(20))
            .AddHttpMessageHandler(sp => new ApiBaseUrlHandler("twilio.com", sp.GetRequiredService<IOptions<CoreOptions>>().Value.TwilioApiBaseUrl));
        services.AddScoped<TenantTwilioClients>();
        services.AddScoped<TwilioPhoneNumbers>();
        return services;
    }
}
