using Coordi.Contracts;
using Microsoft.Extensions.Options;

namespace Coordi.Portal.Calls;

/// <summary>
/// Playback links to recordings on the voice edge. A link is signed only after the core returned the call for
/// the signed-in organization, and it expires, so a copied link stops working.
/// </summary>
public sealed class RecordingLinks(IOptions<PortalOptions> options, TimeProvider clock)
{
    private readonly PortalOptions _options = options.Value;

    public bool Enabled => _options.RecordingUrlSecret.Length > 0;

    /// <summary>Origin of the voice edge, which the Content-Security-Policy must allow as a media source.</summary>
    public string Origin => new Uri(_options.VoicePublicBaseUrl).GetLeftPart(UriPartial.Authority);

    public string? For(string recordingRef)
    {
        if (!Enabled || string.IsNullOrEmpty(recordingRef))
        {
            return null;
        }

        var path = new RecordingUrlSigner(_options.RecordingUrlSecret).SignedPath(recordingRef, clock.GetUtcNow().AddMinutes(_options.RecordingLinkMinutes));
        return _options.VoicePublicBaseUrl.TrimEnd('/') + "/" + path;
    }
}
