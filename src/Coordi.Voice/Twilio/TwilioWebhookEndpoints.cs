using Coordi.Contracts.V1;
using Coordi.Voice.Billing;
using Coordi.Voice.Calls;
using Coordi.Voice.Core;
using Coordi.Voice.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Voice.Twilio;

/// <summary>
/// Twilio's voice webhooks. Every request's signature is checked before anything is recorded; a forged or
/// unsigned request gets 403 and changes nothing.
/// </summary>
public static class TwilioWebhookEndpoints
{
    private const string NotInService = "Sorry, the number you have called is not in service. Goodbye.";
    private const string Busy = "Thank you for calling. All of our lines are busy right now. Please call back in a few minutes. Goodbye.";
    private const string TechnicalTrouble = "Sorry, we are having technical trouble answering your call. Please call back in a few minutes. Goodbye.";
    private const string AssistantUnavailable = "Sorry, our assistant is unavailable right now. Please leave your name, number and what you need after the tone, and we will call you back.";
    private const string PlanRefused = "We can't take your call with our assistant right now. Please leave your name, number and what you need after the tone, and we will call you back.";
    private const string TimeLimitReached = "Sorry, we have reached the time limit for this call. If there is anything else, please leave your name, number and what you need after the tone, and we will call you back.";
    private const string NobodyAvailable = "Sorry, nobody could take your call right now. Please leave your name, number and what you need after the tone, and we will call you back.";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        var twilio = app.MapGroup("/twilio").DisableAntiforgery();
        twilio.MapPost("/voice", IncomingCallAsync);
        twilio.MapPost("/connect-action", ConnectActionAsync);
        twilio.MapPost("/dial-action", DialActionAsync);
        twilio.MapPost("/voicemail", VoicemailAsync);
        twilio.MapPost("/status", StatusAsync);
        return app;
    }

    private static async Task<IResult> IncomingCallAsync(
        HttpRequest request, CoreClient core, TwilioSignatureVerifier signatures, LiveCallRegistry registry, AgentConfigCache configs,
        StreamToken tokens, CallbackUrls urls, DurableOutbox outbox, CallAuthorizer authorizer, OwnerAlertThrottle alerts, TwilioMessaging messaging,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Coordi.Voice.Twilio.IncomingCall");
        var form = await TwilioForms.ReadAsync(request);
        if (form is null)
        {
            return Results.BadRequest("Expected a form-encoded Twilio webhook.");
        }

        var to = form["To"].ToString();
        var from = form["From"].ToString();
        var callSid = form["CallSid"].ToString();

        AgentConfig? config = null;
        string? tenantId = null;
        var coreDown = false;
        try
        {
            var resolved = await core.PhoneNumbers.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = to }, core.For(null, TimeSpan.FromSeconds(3), request.HttpContext.RequestAborted));
            (config, tenantId) = (resolved.AgentConfig, resolved.TenantId);
            configs.Remember(tenantId, config);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            // Unknown number: answered politely below, once the platform signature checks out.
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            logger.LogError("Core unreachable while answering {CallSid}: {Status}", callSid, ex.StatusCode);
            coreDown = true;
        }

        if (!signatures.IsValid(request, form, config?.TwilioAuthToken))
        {
            logger.LogWarning("Rejected an incoming-call webhook with a missing or invalid signature");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (coreDown)
        {
            return Twiml.Result(Twiml.SayAndHangUp(TechnicalTrouble));
        }

        if (config is null || tenantId is null)
        {
            return Twiml.Result(Twiml.SayAndHangUp(NotInService));
        }

        if (!IsCallSid(callSid))
        {
            return Results.BadRequest("CallSid is missing or malformed.");
        }

        Call started;
        try
        {
            started = await core.Calls.StartCallAsync(
                new StartCallRequest { TwilioCallSid = callSid, FromNumber = string.IsNullOrEmpty(from) ? "anonymous" : from, ToNumber = to, StartedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
                core.For(tenantId, TimeSpan.FromSeconds(3), request.HttpContext.RequestAborted));
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            logger.LogError("Core unreachable while starting {CallSid}: {Status}", callSid, ex.StatusCode);
            return Twiml.Result(Twiml.SayAndHangUp(TechnicalTrouble));
        }

        var call = new LiveCall(started.Id, tenantId, callSid, started.FromNumber, to, config);

        // Asked after StartCall so a refused call is still on record (with its voicemail); null = fail open.
        var authorization = await authorizer.AuthorizeAsync(tenantId, started.FromNumber, callSid, request.HttpContext.RequestAborted);
        if (CallAuthorizer.SendsToVoicemail(authorization))
        {
            var reason = authorization!.DenialReason;
            logger.LogInformation("Tenant {TenantId} may not take calls now ({Reason}); call {CallId} goes to voicemail", tenantId, reason, started.Id);
            registry.Remember(call);
            await CompleteAsync(outbox, tenantId, started.Id, CallStatus.Completed, CallOutcome.Voicemail, 0, "The plan did not allow calls; the caller was offered voicemail.");
            await AlertOwnerOnceAsync(messaging, alerts, call, reason, authorization.Message, loggers);
            return Twiml.Result(Twiml.Voicemail(PlanRefused, urls.Voicemail(tenantId, started.Id)));
        }

        var cap = authorizer.ConcurrentCallCap(config, authorization);
        if (registry.IsDraining)
        {
            logger.LogInformation("Shutting down; call {CallId} gets the busy message", started.Id);
            await CompleteAsync(outbox, tenantId, started.Id, CallStatus.Missed, CallOutcome.Unspecified, 0, "Caller heard the busy message: the voice service was restarting.");
            return Twiml.Result(Twiml.SayAndHangUp(Busy));
        }

        // The core counts the organization's live calls over every instance; only when it could not be asked
        // does this instance's own count stand in for it (ADR 015).
        if (authorization is { Allowed: false } || !registry.TryAdmit(call, authorization is null ? cap : int.MaxValue))
        {
            logger.LogInformation("Tenant {TenantId} is at its concurrent-call cap ({Cap}); call {CallId} gets the busy message", tenantId, cap, started.Id);
            await CompleteAsync(outbox, tenantId, started.Id, CallStatus.Missed, CallOutcome.Unspecified, 0, "Caller heard the busy message: all lines were in use.");
            return Twiml.Result(Twiml.SayAndHangUp(Busy));
        }

        // The stream may reach any instance: its parameters carry all it needs to build the call, under a token.
        var claims = new StreamClaims(started.Id, tenantId, callSid, started.FromNumber, to);
        return Twiml.Result(Twiml.ConnectStream(urls.MediaStream(), urls.ConnectAction(tenantId, started.Id), new Dictionary<string, string>
        {
            [StreamParameters.CallId] = claims.CallId,
            [StreamParameters.TenantId] = claims.TenantId,
            [StreamParameters.From] = claims.From,
            [StreamParameters.To] = claims.To,
            [StreamParameters.Token] = tokens.Create(claims),
        }));
    }

    /// <summary>
    /// Twilio asks what next once our media stream closed: hang up, transfer, or take a voicemail, as the stream's
    /// end recorded it. When nothing was recorded, the caller is offered voicemail rather than cut off (ADR 015).
    /// The call's status at the core says nothing here: the conversation's own report completes it when the
    /// stream ends, while Twilio's call goes on to the transfer or the voicemail.
    /// </summary>
    private static async Task<IResult> ConnectActionAsync(HttpRequest request, CallbackCalls callbacks, CallbackUrls urls, LiveCallRegistry registry, TwilioMessaging messaging, ILoggerFactory loggers)
    {
        var found = await callbacks.FindAsync(request);
        if (found.Refused is not null)
        {
            return found.Refused;
        }

        if (found.Call is not { } call)
        {
            return Twiml.Result(new global::Twilio.TwiML.VoiceResponse().Hangup());
        }

        var contacts = call.Config.Business?.EscalationContacts;
        switch (found.Handoff)
        {
            case CallDisposition.Escalate when contacts is { Count: > 0 }:
                return Twiml.Result(Twiml.DialContact(contacts[0], urls.DialAction(call.TenantId, call.CallId, next: 1), call.To));
            case CallDisposition.Voicemail:
                await NotifyOwnerAsync(messaging, call, $"Coordi: the AI assistant could not take a call from {call.From}; the caller was offered voicemail.", loggers);
                return Twiml.Result(Twiml.Voicemail(AssistantUnavailable, urls.Voicemail(call.TenantId, call.CallId)));
            case CallDisposition.TimeLimit:
                return Twiml.Result(Twiml.Voicemail(TimeLimitReached, urls.Voicemail(call.TenantId, call.CallId)));
            case null when registry.IsDraining:
                // Most likely the stream was refused because this instance is shutting down: the call never started.
                return Twiml.Result(Twiml.SayAndHangUp(Busy));
            case null:
                loggers.CreateLogger("Coordi.Voice.Twilio.ConnectAction").LogWarning(
                    "No hand-off recorded for call {CallId} of tenant {TenantId}; offering the caller voicemail", call.CallId, call.TenantId);
                await NotifyOwnerAsync(messaging, call, $"Coordi: the AI assistant could not take a call from {call.From}; the caller was offered voicemail.", loggers);
                return Twiml.Result(Twiml.Voicemail(AssistantUnavailable, urls.Voicemail(call.TenantId, call.CallId)));
            default:
                return Twiml.Result(new global::Twilio.TwiML.VoiceResponse().Hangup());
        }
    }

    /// <summary>One escalation contact did not answer: ring the next, and after the last take a voicemail.</summary>
    private static async Task<IResult> DialActionAsync(HttpRequest request, CallbackCalls callbacks, CallbackUrls urls, TwilioMessaging messaging, ILoggerFactory loggers)
    {
        var found = await callbacks.FindAsync(request);
        if (found.Refused is not null)
        {
            return found.Refused;
        }

        if (found.Call is not { } call || found.Form!["DialCallStatus"] == "completed")
        {
            return Twiml.Result(new global::Twilio.TwiML.VoiceResponse().Hangup());
        }

        var contacts = call.Config.Business?.EscalationContacts ?? [];
        var next = int.TryParse(request.Query["next"], out var n) ? n : contacts.Count;
        if (next >= 0 && next < contacts.Count)
        {
            return Twiml.Result(Twiml.DialContact(contacts[next], urls.DialAction(call.TenantId, call.CallId, next + 1), call.To));
        }

        await NotifyOwnerAsync(messaging, call, $"Coordi: nobody answered a transferred call from {call.From}; the caller was offered voicemail.", loggers);
        return Twiml.Result(Twiml.Voicemail(NobodyAvailable, urls.Voicemail(call.TenantId, call.CallId)));
    }

    private static async Task<IResult> VoicemailAsync(HttpRequest request, CallbackCalls callbacks, TwilioMessaging messaging, DurableOutbox outbox, ILoggerFactory loggers)
    {
        var found = await callbacks.FindAsync(request);
        if (found.Refused is not null)
        {
            return found.Refused;
        }

        var form = found.Form!;
        var recordingUrl = form["RecordingUrl"].ToString();
        if (found.Call is { } call && Uri.TryCreate(recordingUrl, UriKind.Absolute, out _))
        {
            var record = new RecordToolInvocationRequest
            {
                CallId = call.CallId,
                ToolCallId = "voicemail:" + form["RecordingSid"],
                Name = "voicemail",
                ArgumentsJson = "{}",
                ResultJson = System.Text.Json.JsonSerializer.Serialize(new { recording_url = recordingUrl, duration_seconds = form["RecordingDuration"].ToString() }),
                Status = ToolInvocationStatus.Succeeded,
                StartedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            };
            await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.RecordToolInvocation, call.TenantId, JsonFormatter.Default.Format(record)));
            await NotifyOwnerAsync(messaging, call, $"Coordi: new voicemail from {call.From}: {recordingUrl}", loggers);
        }

        return Twiml.Result(Twiml.SayAndHangUp("Thank you. We will call you back soon. Goodbye."));
    }

    /// <summary>
    /// Twilio's final word on a call: status and billed duration. Completes the call at the core. The status
    /// callback URL is set on the number, not per call, so the dialled number names the tenant; the CallSid
    /// finds the call (StartCall returns the call already started for it).
    /// </summary>
    private static async Task<IResult> StatusAsync(HttpRequest request, CoreClient core, TwilioSignatureVerifier signatures, LiveCallRegistry registry, DurableOutbox outbox, ILoggerFactory loggers)
    {
        var form = await TwilioForms.ReadAsync(request);
        if (form is null)
        {
            return Results.BadRequest("Expected a form-encoded Twilio webhook.");
        }

        var callSid = form["CallSid"].ToString();
        string? tenantId;
        string? token;
        try
        {
            var resolved = await core.PhoneNumbers.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = form["To"].ToString() }, core.For(null, TimeSpan.FromSeconds(3), request.HttpContext.RequestAborted));
            (tenantId, token) = (resolved.TenantId, resolved.AgentConfig.TwilioAuthToken);
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            // Twilio retries a failed status callback; answering 503 lets it.
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }
        catch (RpcException)
        {
            (tenantId, token) = (null, null);
        }

        if (!signatures.IsValid(request, form, token))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (tenantId is null || !IsCallSid(callSid))
        {
            return Results.NoContent();
        }

        string callId;
        try
        {
            callId = (await core.Calls.StartCallAsync(
                new StartCallRequest { TwilioCallSid = callSid, FromNumber = Or(form["From"], "anonymous"), ToNumber = form["To"].ToString() },
                core.For(tenantId, TimeSpan.FromSeconds(3), request.HttpContext.RequestAborted))).Id;
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var status = form["CallStatus"].ToString() switch
        {
            "completed" => CallStatus.Completed,
            "busy" or "no-answer" or "canceled" => CallStatus.Missed,
            "failed" => CallStatus.Failed,
            _ => CallStatus.Unspecified,
        };
        if (status != CallStatus.Unspecified)
        {
            var duration = int.TryParse(form["CallDuration"], out var seconds) ? seconds : 0;
            await CompleteAsync(outbox, tenantId, callId, status, CallOutcome.Unspecified, duration, "");
            registry.Release(callId);
        }

        loggers.CreateLogger("Coordi.Voice.Twilio.Status").LogInformation("Call {CallId} of tenant {TenantId} ended with Twilio status {Status}", callId, tenantId, form["CallStatus"].ToString());
        return Results.NoContent();
    }

    /// <summary>Texts the business's first escalation contact (the owner); false when there is none or sending failed.</summary>
    private static async Task<bool> NotifyOwnerAsync(TwilioMessaging messaging, LiveCall call, string text, ILoggerFactory loggers)
    {
        var owner = call.Config.Business?.EscalationContacts.FirstOrDefault();
        if (owner is null)
        {
            return false;
        }

        try
        {
            await messaging.SendSmsAsync(call.Config, call.To, owner.Phone, text);
            return true;
        }
        catch (Exception ex) when (ex is global::Twilio.Exceptions.TwilioException or HttpRequestException)
        {
            loggers.CreateLogger("Coordi.Voice.Twilio.Owner").LogWarning(ex, "Could not text the owner about call {CallId}", call.CallId);
            return false;
        }
    }

    /// <summary>
    /// Tells the owner why callers are going to voicemail, once per reason and calendar month on this instance:
    /// every refused call would otherwise text them the same news. A failed send gives the claim back.
    /// </summary>
    private static async Task AlertOwnerOnceAsync(TwilioMessaging messaging, OwnerAlertThrottle alerts, LiveCall call, CallDenialReason reason, string message, ILoggerFactory loggers)
    {
        var period = DateTimeOffset.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        if (!alerts.TryClaim(call.TenantId, reason.ToString(), period))
        {
            return;
        }

        var why = string.IsNullOrWhiteSpace(message) ? CallAuthorizer.Describe(reason) : message;
        if (!await NotifyOwnerAsync(messaging, call, $"Coordi: a call from {call.From} went to voicemail. {why}", loggers))
        {
            alerts.Release(call.TenantId, reason.ToString(), period);
        }
    }

    private static Task CompleteAsync(DurableOutbox outbox, string tenantId, string callId, CallStatus status, CallOutcome outcome, int durationSeconds, string summary) =>
        outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CompleteCall, tenantId, JsonFormatter.Default.Format(new CompleteCallRequest
        {
            CallId = callId,
            Status = status,
            Outcome = outcome,
            DurationSeconds = durationSeconds,
            Summary = summary,
            EndedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        })));

    private static bool IsCallSid(string value) => value.Length == 34 && value.StartsWith("CA", StringComparison.Ordinal) && value.Skip(2).All(char.IsAsciiHexDigit);

    private static string Or(Microsoft.Extensions.Primitives.StringValues value, string fallback) => string.IsNullOrEmpty(value) ? fallback : value.ToString();
}
