using Coordi.Contracts.V1;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;

namespace Coordi.Voice.Twilio;

/// <summary>Twilio REST clients for the tenant's own account, or the platform's when it has none.</summary>
public sealed class TwilioClients(IHttpClientFactory httpClients, IOptions<VoiceOptions> options)
{
    public const string HttpClientName = "twilio";

    public TwilioRestClient For(AgentConfig config)
    {
        var (sid, token) = string.IsNullOrEmpty(config.TwilioAccountSid) || string.IsNullOrEmpty(config.TwilioAuthToken)
            ? (options.Value.TwilioAccountSid, options.Value.TwilioAuthToken)
            : (config.TwilioAccountSid, config.TwilioAuthToken);
        return new TwilioRestClient(sid, token, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
    }
}
