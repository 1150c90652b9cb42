using System.Text.Json;
using Coordi.Contracts.Rules;
using Coordi.Voice.Twilio;
using Twilio.Exceptions;

namespace Coordi.Voice.Tools;

/// <summary>Texts the caller from the business's number (the one they dialled).</summary>
public sealed class SendSmsTool(TwilioMessaging messaging, ILogger<SendSmsTool> logger) : IAgentTool
{
    public string Name => "send_sms";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        var body = args.String("message")?.Trim();
        if (string.IsNullOrEmpty(body) || body.Length > 480)
        {
            return ToolJson.Fail("The message must be between 1 and 480 characters.");
        }

        var to = PhoneNumberRules.ToE164(context.Call.From);
        if (to is null)
        {
            return ToolJson.Fail("The caller's number is withheld, so a text cannot be sent.");
        }

        try
        {
            var sid = await messaging.SendSmsAsync(context.Config, context.Call.To, to, body);
            return ToolJson.Ok(new { ok = true, sent = true, message_sid = sid });
        }
        catch (Exception ex) when (ex is ApiException or ApiConnectionException or HttpRequestException)
        {
            logger.LogWarning(ex, "SMS to the caller failed");
            return ToolJson.Fail("The text could not be sent. Apologise and offer to read the details out instead.");
        }
    }
}
