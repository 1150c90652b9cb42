using Coordi.Contracts.V1;
using Microsoft.Extensions.Options;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;

namespace Coordi.Voice.Twilio;

/// <summary>Sends SMS through Twilio's REST API from the tenant's account, or the platform's when it has none.</summary>
public sealed class TwilioMessaging(IHttpClientFactory httpClients, IOptions<VoiceOptions> options)
{
    public const string HttpClientName = "twilio";

    /// <summary>Returns the message sid.</summary>
    public async Task<string> SendSmsAsync(AgentConfig config, string from, string to, string body)
    {
        var message = await MessageResource.CreateAsync(
            to: new global::Twilio.Types.PhoneNumber(to),
            from: new global::Twilio.Types.PhoneNumber(from),
            body: body,
            client: Client(config));
        return message.Sid;
    }

    private TwilioRestClient Client(AgentConfig config)
    {
        var (sid, token) = string.IsNullOrEmpty(config.TwilioAccountSid) || string.IsNullOrEmpty(config.TwilioAuthToken)
            ? (options.Value.TwilioAccountSid, options.Value.TwilioAuthToken)
            : (config.TwilioAccountSid, config.TwilioAuthToken);
        return new TwilioRestClient(sid, token, httpClient: new SystemNetHttpClient(httpClients.CreateClient(HttpClientName)));
    }
}
