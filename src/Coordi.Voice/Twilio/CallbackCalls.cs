using Coordi.Contracts.V1;
using Coordi.Voice.Calls;
using Coordi.Voice.Core;
using Grpc.Core;

namespace Coordi.Voice.Twilio;

/// <summary>
/// Finds the call a Twilio callback (connect-action, dial-action, voicemail) is about, on whichever instance
/// Twilio reached (ADR 015). The URL names the tenant and the call; the signature, checked with that tenant's
/// auth token, proves Twilio called exactly that URL; the call is then read from the core under that tenant and
/// must carry the CallSid Twilio posted. An instance that ran the call's stream answers from memory.
/// </summary>
public sealed class CallbackCalls(
    LiveCallRegistry registry, AgentConfigCache configs, CoreClient core, TwilioSignatureVerifier signatures, ILogger<CallbackCalls> logger)
{
    private static readonly TimeSpan CoreTimeout = TimeSpan.FromSeconds(3);

    public async Task<CallbackCall> FindAsync(HttpRequest request)
    {
        var form = await TwilioForms.ReadAsync(request);
        if (form is null)
        {
            return CallbackCall.Refuse(Results.BadRequest("Expected a form-encoded Twilio webhook."));
        }

        var tenantId = request.Query[CallbackUrls.TenantParameter].ToString();
        var callId = request.Query[CallbackUrls.CallParameter].ToString();
        var callSid = form["CallSid"].ToString();
        var cancellationToken = request.HttpContext.RequestAborted;

        var local = registry.Find(callId) is { } known && known.TenantId == tenantId && known.CallSid == callSid ? known : null;
        var (config, coreDown) = local is not null ? (local.Config, false) : await ConfigOfAsync(tenantId, cancellationToken);
        if (!signatures.IsValid(request, form, config?.TwilioAuthToken))
        {
            // Without the tenant's config the tenant's own auth token is unknown: let Twilio try again later.
            return CallbackCall.Refuse(Results.StatusCode(coreDown && config is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status403Forbidden));
        }

        if (local?.Session is not null)
        {
            // The stream ran here: this instance knows how it ended, even when the core could not be told.
            return new CallbackCall(form, local, local.Disposition);
        }

        if (config is null)
        {
            return coreDown ? new CallbackCall(form, FromForm(tenantId, callId, form, new AgentConfig()), null) : new CallbackCall(form, null, null);
        }

        try
        {
            var stored = await core.Calls.GetCallAsync(new GetCallRequest { Id = callId }, core.For(tenantId, CoreTimeout, cancellationToken));
            if (stored.TwilioCallSid != callSid)
            {
                logger.LogWarning("A callback for call {CallId} of tenant {TenantId} named another CallSid", callId, tenantId);
                return new CallbackCall(form, null, null);
            }

            var call = local ?? new LiveCall(callId, tenantId, callSid, stored.FromNumber, stored.ToNumber, config);
            return new CallbackCall(form, call, CallHandoffs.ToDisposition(stored.Handoff));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return new CallbackCall(form, null, null);
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            logger.LogWarning("Core unreachable ({Status}) for a callback of call {CallId} of tenant {TenantId}; going on without its record", ex.StatusCode, callId, tenantId);
            return new CallbackCall(form, local ?? FromForm(tenantId, callId, form, config), null);
        }
    }

    private async Task<(AgentConfig? Config, bool CoreDown)> ConfigOfAsync(string tenantId, CancellationToken cancellationToken)
    {
        // Not an id the core issues, so not a URL we handed Twilio: unknown, rather than a request the core fails
        // on (a NUL, for one, cannot even travel in the tenant header) and the caller is told to retry.
        if (!Guid.TryParse(tenantId, out _))
        {
            return (null, false);
        }

        try
        {
            return (await configs.GetAsync(tenantId, CoreTimeout, cancellationToken), false);
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            logger.LogWarning("Core unreachable ({Status}) for the agent config of tenant {TenantId}", ex.StatusCode, tenantId);
            return (null, true);
        }
        catch (RpcException)
        {
            return (null, false);
        }
    }

    /// <summary>The call as Twilio's signed form describes it, when the core cannot be asked.</summary>
    private static LiveCall FromForm(string tenantId, string callId, IFormCollection form, AgentConfig config) =>
        new(callId, tenantId, form["CallSid"].ToString(), form["From"].ToString(), form["To"].ToString(), config);
}

/// <summary>
/// A callback's call: null when unknown (wrong tenant, id or CallSid); <see cref="Handoff"/> is what the stream's
/// end asked for, null when nobody said; <see cref="Refused"/> set when the request must be turned away.
/// </summary>
public sealed record CallbackCall(IFormCollection? Form, LiveCall? Call, CallDisposition? Handoff)
{
    public IResult? Refused { get; private init; }

    public static CallbackCall Refuse(IResult result) => new(null, null, null) { Refused = result };
}
