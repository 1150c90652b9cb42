using System.Net;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Webhooks;

/// <summary>
/// Which URLs may receive deliveries: HTTPS only, never an address inside the platform's own network. Loopback
/// over plain HTTP is accepted only when configured (local development and tests).
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options)
{
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

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && !IsPublic(address)
            ? "must be a public address."
            : null;
    }

    /// <summary>Checked again on each connection, so a name that resolves to a private address is refused too.</summary>
    public bool MayConnectTo(IPAddress address) =>
        IsPublic(address) || (options.Value.AllowHttpLoopback && IPAddress.IsLoopback(address));

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        var b = address.GetAddressBytes();
        return address.AddressFamily switch
        {
            System.Net.Sockets.AddressFamily.InterNetwork => !(b[0] == 10 || b[0] == 127 || b[0] == 0
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) || b[0] >= 224),
            System.Net.Sockets.AddressFamily.InterNetworkV6 => (b[0] & 0xFE) != 0xFC,
            _ => false,
        };
    }
}
