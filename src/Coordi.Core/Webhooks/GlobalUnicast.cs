using System.Net;
using System.Net.Sockets;

namespace Coordi.Core.Webhooks;

/// <summary>
/// Addresses a webhook may reach: global unicast space only. This is an allow-list (IPv6 2000::/3, IPv4 minus the
/// IANA special-purpose blocks) so that a range nobody thought of is refused rather than reached: documentation,
/// benchmarking, NAT64 and 6to4/Teredo prefixes may all route back into the platform's own network.
/// </summary>
public static class GlobalUnicast
{
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    // From the IANA IPv4 and IPv6 special-purpose address registries.
    private static readonly IPNetwork[] Reserved =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
            "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            // Inside 2000::/3: IETF protocol assignments (Teredo, benchmarking, ORCHID), documentation, 6to4.
            "2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20",
        }.Select(IPNetwork.Parse),
    ];

    public static bool Contains(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !Reserved.Any(r => r.Contains(address)),
            // NAT64 (64:ff9b::/96), IPv4-compatible, link-local, unique-local and multicast lie outside 2000::/3.
            AddressFamily.InterNetworkV6 => GlobalUnicastV6.Contains(address) && !Reserved.Any(r => r.Contains(address)),
            _ => false,
        };
    }
}
