using Coordi.Contracts.V1;
using Twilio.Rest.Api.V2010.Account;

namespace Coordi.Voice.Twilio;

/// <summary>Sends SMS through Twilio's REST API from the tenant's account, or the platform's when it has none.</summary>
public sealed class TwilioMessaging(TwilioClients clients)
{
    /// <summary>Returns the message sid.</summary>
    public async Task<string> SendSmsAsync(AgentConfig config, string from, string to, string body)
    {
        var message = await MessageResource.CreateAsync(
            to: new global::Twilio.Types.PhoneNumber(to),
            from: new global::Twilio.Types.PhoneNumber(from),
            body: body,
            client: clients.For(config));
        return message.Sid;
    }
}
