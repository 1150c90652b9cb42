using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Billing;

/// <summary>
/// Asks the core whether an organization's plan lets it take a call now (subscription state, trial, spend cap,
/// concurrent-call cap), and works out the concurrent-call cap this instance enforces.
/// </summary>
public sealed class CallAuthorizer(CoreClient core, IOptions<VoiceOptions> options, ILogger<CallAuthorizer> logger)
{
    /// <summary>
    /// The core's answer, or null when it could not be asked. Null means "take the call" (fail open): a caller
    /// who gets no answer is a lost customer for the business, while a call taken during a core outage costs at
    /// most a few unbilled minutes, and the call is still recorded and metered once the core is back. Unimplemented
    /// is treated the same, so an edge rolled out before the core it talks to keeps answering.
    /// </summary>
    public async Task<AuthorizeCallResponse?> AuthorizeAsync(string tenantId, string fromNumber, string callSid, CancellationToken cancellationToken)
    {
        try
        {
            return await core.Billing.AuthorizeCallAsync(
                new AuthorizeCallRequest { FromNumber = fromNumber, TwilioCallSid = callSid },
                core.For(tenantId, TimeSpan.FromSeconds(3), cancellationToken));
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex) || ex.StatusCode == StatusCode.Unimplemented)
        {
            logger.LogWarning("Could not authorize call {CallSid} of tenant {TenantId} ({Status}); taking it anyway", callSid, tenantId, ex.StatusCode);
            return null;
        }
    }

    /// <summary>
    /// Live calls this organization may have: the plan's cap is the ceiling, and the organization's own setting
    /// (or the edge's default when it has none) can only lower it.
    /// </summary>
    public int ConcurrentCallCap(AgentConfig config, AuthorizeCallResponse? authorization)
    {
        var own = config.ConcurrentCallCap > 0 ? config.ConcurrentCallCap : options.Value.DefaultConcurrentCallCap;
        return authorization is { ConcurrentCallCap: > 0 } plan ? Math.Min(own, plan.ConcurrentCallCap) : own;
    }

    /// <summary>Refusals that send the caller to voicemail; a full house is answered with the busy message instead.</summary>
    public static bool SendsToVoicemail(AuthorizeCallResponse? authorization) =>
        authorization is { Allowed: false } && authorization.DenialReason != CallDenialReason.ConcurrentCapReached;

    /// <summary>The owner's text when the core gave no sentence of its own.</summary>
    public static string Describe(CallDenialReason reason) => reason switch
    {
        CallDenialReason.TrialEnded => "Your free trial has ended. Choose a plan on Coordi's Billing page to have your assistant answer again.",
        CallDenialReason.NotSubscribed => "Your Coordi subscription has ended. Subscribe again on the Billing page to have your assistant answer again.",
        CallDenialReason.Restricted => "Your Coordi account is restricted because an invoice is unpaid. Update your payment method on the Billing page.",
        CallDenialReason.SpendCapReached => "Your monthly spend cap is reached. Raise or remove it on Coordi's Billing page to have your assistant answer again.",
        _ => "Your plan does not allow calls right now. See Coordi's Billing page.",
    };
}
