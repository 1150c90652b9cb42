using Microsoft.Extensions.Options;

namespace Coordi.Core.Telephony;

/// <summary>
/// The Twilio SDK has no base-URL setting; this handler sends its requests to the configured base URL
/// (scheme, host and port), keeping path and query.
/// </summary>
public sealed class TwilioApiBaseUrlHandler(IOptions<CoreOptions> options) : DelegatingHandler
{
    private readonly Uri _base = new(options.Value.TwilioApiBaseUrl);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri && uri.Host.EndsWith("twilio.com", StringComparison.OrdinalIgnoreCase) && !_base.Host.EndsWith("twilio.com", StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = _base.Scheme, Host = _base.Host, Port = _base.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
