using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Twilio.Clients;
using Twilio.Http;

namespace Coordi.Core.Telephony;

/// <summary>REST clients for the organization's own Twilio account, made from the credentials it stored under Integrations.</summary>
public sealed class TenantTwilioClients(CoreDbContext db, SecretProtector secrets, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "twilio";

    public async Task<ITwilioRestClient> ForCurrentTenantAsync(CancellationToken cancellationToken)
    {
        var settings = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (settings is null || settings.TwilioAccountSid.Length == 0 || string.IsNullOrEmpty(settings.TwilioAuthTokenProtected))
        {
            throw new FailedPreconditionException("TWILIO_NOT_CONFIGURED",
                "Twilio is not connected: save the organization's Twilio account SID and auth token under Integrations first.");
        }

        return new TwilioRestClient(settings.TwilioAccountSid, secrets.Unprotect(settings.TwilioAuthTokenProtected),
            httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
    }
}
