using System.Collections.Specialized;
using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Coordi.Voice.Twilio;

/// <summary>
/// Checks X-Twilio-Signature against the exact public URL Twilio called (from configuration, since a proxy
/// rewrites scheme, host and port) and the posted form, with the tenant's auth token or else the platform's.
/// </summary>
public sealed class TwilioSignatureVerifier(IOptions<VoiceOptions> options)
{
    public const string Header = "X-Twilio-Signature";

    public string PublicUrl(HttpRequest request) =>
        options.Value.PublicBaseUrl.TrimEnd('/') + request.Path + request.QueryString;

    public bool IsValid(HttpRequest request, IFormCollection form, string? tenantAuthToken)
    {
        var signature = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(signature))
        {
            return false;
        }

        var token = string.IsNullOrEmpty(tenantAuthToken) ? options.Value.TwilioAuthToken : tenantAuthToken;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var parameters = new NameValueCollection();
        foreach (var (key, values) in form)
        {
            foreach (var value in values)
            {
                parameters.Add(key, value);
            }
        }

        return new RequestValidator(token).Validate(PublicUrl(request), parameters, signature);
    }
}
