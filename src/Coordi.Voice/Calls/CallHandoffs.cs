using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Grpc.Core;

namespace Coordi.Voice.Calls;

/// <summary>
/// Leaves word at the core of what a call does once its media stream closes, so the &lt;Connect action&gt;
/// callback can carry it out on whichever instance Twilio reaches (ADR 015).
/// </summary>
public sealed class CallHandoffs(CoreClient core, ILogger<CallHandoffs> logger)
{
    /// <summary>The caller is waiting in silence while this runs: a slow core must not keep them there.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Writes the call's disposition. Never throws: when the core cannot be told, the connect-action on another
    /// instance falls back to voicemail, and on this instance it still reads the live call.
    /// </summary>
    public async Task RecordAsync(LiveCall call)
    {
        try
        {
            await core.Calls.SetCallHandoffAsync(
                new SetCallHandoffRequest { CallId = call.CallId, Handoff = ToHandoff(call.Disposition), Reason = Truncate(call.DispositionReason ?? "") },
                core.For(call.TenantId, Deadline));
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Could not record the hand-off {Handoff} of call {CallId} of tenant {TenantId} at the core ({Status})",
                call.Disposition, call.CallId, call.TenantId, ex.StatusCode);
        }
    }

    public static CallHandoff ToHandoff(CallDisposition disposition) => disposition switch
    {
        CallDisposition.Escalate => CallHandoff.Transfer,
        CallDisposition.Voicemail => CallHandoff.Voicemail,
        CallDisposition.TimeLimit => CallHandoff.TimeLimit,
        _ => CallHandoff.HangUp,
    };

    /// <summary>The disposition a stored hand-off stands for; null when none was stored.</summary>
    public static CallDisposition? ToDisposition(CallHandoff handoff) => handoff switch
    {
        CallHandoff.HangUp => CallDisposition.Hangup,
        CallHandoff.Transfer => CallDisposition.Escalate,
        CallHandoff.Voicemail => CallDisposition.Voicemail,
        CallHandoff.TimeLimit => CallDisposition.TimeLimit,
        _ => null,
    };

    // The core keeps 500 characters of reason; a longer one would be refused and the hand-off lost.
    private static string Truncate(string reason) => reason.Length <= 500 ? reason : reason[..500];
}
