namespace Coordi.ServiceDefaults;

/// <summary>
/// Some outside SDKs (Twilio's) have no base-URL setting; this handler sends their requests for the official host
/// to a configured base URL (scheme, host and port), keeping path and query. Pointed at the official host, it
/// changes nothing.
/// </summary>
public sealed class ApiBaseUrlHandler(string officialHostSuffix, string baseUrl) : DelegatingHandler
{
    private readonly Uri _base = new(baseUrl);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri
            && uri.Host.EndsWith(officialHostSuffix, StringComparison.OrdinalIgnoreCase)
            && !_base.Host.EndsWith(officialHostSuffix, StringComparison.OrdinalIgnoreCase))
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = _base.Scheme, Host = _base.Host, Port = _base.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
