using Microsoft.Extensions.Options;

namespace Coordi.Voice.Twilio;

/// <summary>
/// The URLs we hand Twilio for what follows a call's media stream. Each names the tenant and the call, since any
/// instance may be asked (ADR 015); Twilio signs the full URL with the tenant's auth token, so the names cannot
/// be changed without the signature failing.
/// </summary>
public sealed class CallbackUrls(IOptions<VoiceOptions> options)
{
    public const string TenantParameter = "tenantId";
    public const string CallParameter = "callId";

    private Uri PublicBase => new(options.Value.PublicBaseUrl.TrimEnd('/') + "/");

    public Uri MediaStream()
    {
        var publicBase = PublicBase;
        return new UriBuilder(new Uri(publicBase, "twilio/media")) { Scheme = publicBase.Scheme == "https" ? "wss" : "ws" }.Uri;
    }

    public Uri ConnectAction(string tenantId, string callId) => For("twilio/connect-action", tenantId, callId);

    /// <summary>Where Twilio reports a transfer's outcome; <paramref name="next"/> is the contact to ring if it failed.</summary>
    public Uri DialAction(string tenantId, string callId, int next) => For("twilio/dial-action", tenantId, callId, $"&next={next}");

    public Uri Voicemail(string tenantId, string callId) => For("twilio/voicemail", tenantId, callId);

    private Uri For(string path, string tenantId, string callId, string extra = "") =>
        new(PublicBase, $"{path}?{TenantParameter}={Uri.EscapeDataString(tenantId)}&{CallParameter}={Uri.EscapeDataString(callId)}{extra}");
}
