using Coordi.Contracts.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Calls;

/// <summary>
/// Playback links to recordings on the voice edge. The portal signs nothing: the core issues a link for a call of
/// the signed-in organization, with tenant and call inside the signature, and it expires.
/// </summary>
public sealed class RecordingLinks(IOptions<PortalOptions> options)
{
    /// <summary>Origin of the voice edge, which the Content-Security-Policy must allow as a media source.</summary>
    public string Origin => new Uri(options.Value.VoicePublicBaseUrl).GetLeftPart(UriPartial.Authority);

    /// <summary>The link to a call's recording, or null when it has none or playback is off at the core.</summary>
    public async Task<string?> ForAsync(CallService.CallServiceClient calls, Call call, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(call.RecordingRef))
        {
            return null;
        }

        try
        {
            var link = await calls.GetRecordingLinkAsync(new GetRecordingLinkRequest { CallId = call.Id }, cancellationToken: cancellationToken);
            return link.Url;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.FailedPrecondition)
        {
            return null;
        }
    }
}
