using Coordi.Contracts;
using Coordi.Contracts.V1;
using Coordi.Core.Application.Errors;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Application;

/// <summary>
/// Signs playback links to recordings on the voice edge. Only the core signs, and only for a call it found in the
/// caller's organization, so the tenant and call inside the signature are ones the caller may see.
/// </summary>
public sealed class RecordingLinkIssuer(IOptions<CoreOptions> options, TimeProvider clock)
{
    public RecordingLink For(Model.Call call)
    {
        var core = options.Value;
        if (core.RecordingUrlSecret.Length == 0 || string.IsNullOrEmpty(core.VoicePublicBaseUrl))
        {
            throw new FailedPreconditionException("RECORDING_PLAYBACK_OFF", "Recording playback is not configured on this platform.");
        }

        if (string.IsNullOrEmpty(call.RecordingRef))
        {
            throw new FailedPreconditionException("NO_RECORDING", $"Call '{call.Id}' has no recording: recording was off, the call was not answered, or it is still being saved.");
        }

        var expires = clock.GetUtcNow().AddMinutes(core.RecordingLinkMinutes);
        var path = new RecordingLinkSigner(core.RecordingUrlSecret).SignedPath(call.TenantId, call.Id, expires);
        return new RecordingLink
        {
            Url = core.VoicePublicBaseUrl.TrimEnd('/') + "/" + path,
            ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds())),
        };
    }
}
