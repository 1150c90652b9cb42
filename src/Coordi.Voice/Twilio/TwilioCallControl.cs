using Coordi.Contracts.V1;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;

namespace Coordi.Voice.Twilio;

/// <summary>Ends a live call through Twilio's REST API (call update, Status=completed).</summary>
public sealed class TwilioCallControl(TwilioClients clients, ILogger<TwilioCallControl> logger)
{
    /// <summary>
    /// Hangs up <paramref name="callSid"/>. Twilio then stops the media stream and skips the &lt;Connect action&gt;.
    /// False when Twilio could not be told; the caller can then only be let go by closing the stream.
    /// </summary>
    public async Task<bool> HangUpAsync(AgentConfig config, string callSid)
    {
        try
        {
            await CallResource.UpdateAsync(pathSid: callSid, status: CallResource.UpdateStatusEnum.Completed, client: clients.For(config));
            return true;
        }
        catch (Exception ex) when (ex is ApiException or ApiConnectionException or HttpRequestException or TaskCanceledException)
        {
            logger.LogWarning(ex, "Twilio could not hang up call {CallSid}", callSid);
            return false;
        }
    }
}
