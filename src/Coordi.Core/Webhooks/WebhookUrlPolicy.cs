using System.Net;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Webhooks;

/// <summary>
/// Which URLs may receive deliveries: HTTPS on port 443 (or a configured port), only to global unicast addresses,
/// never the platform's own network. Loopback over plain HTTP on any port is accepted only when configured (local
/// development and tests).
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options)
{
    private const int HttpsPort = 443;

    public string? Problem(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "must be an absolute URL without credentials or fragment.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "must use https.";
        }

        if (uri.IsLoopback)
        {
            return options.Value.AllowHttpLoopback ? null : "must not point at this host (loopback).";
        }

        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            return "must use https.";
        }

        if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && !GlobalUnicast.Contains(address))
        {
            return "must be a public address (global unicast, not a reserved range).";
        }

        return PortAllowed(uri.Port) ? null : PortProblem();
    }

    /// <summary>Checked again on each connection, so a name that resolves to a reserved address is refused too.</summary>
    public bool MayConnectTo(IPAddress address, int port) =>
        (GlobalUnicast.Contains(address) && PortAllowed(port)) || (options.Value.AllowHttpLoopback && IPAddress.IsLoopback(address));

    private bool PortAllowed(int port) => port == HttpsPort || options.Value.AllowedPorts.Contains(port);

    private string PortProblem() => options.Value.AllowedPorts.Count == 0
        ? $"must use port {HttpsPort}."
        : $"must use port {HttpsPort} or one of {string.Join(", ", options.Value.AllowedPorts)}.";
}
