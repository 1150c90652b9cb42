using System.Net;
using Coordi.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Coordi.Core.UnitTests.Webhooks;

public sealed class WebhookUrlPolicyTests
{
    private static WebhookUrlPolicy Policy(bool allowLoopback, params int[] allowedPorts) =>
        new(Options.Create(new WebhookOptions { AllowHttpLoopback = allowLoopback, AllowedPorts = [.. allowedPorts] }));

    [Theory]
    [InlineData("https://hooks.example.com/coordi")]
    [InlineData("https://8.8.8.8/coordi")]
    public void Public_https_urls_are_accepted(string url) => Assert.Null(Policy(false).Problem(url));

    [Theory]
    [InlineData("http://hooks.example.com/coordi", "https")]
    [InlineData("ftp://hooks.example.com/coordi", "https")]
    [InlineData("https://10.1.2.3/coordi", "public")]
    [InlineData("https://192.168.0.10/coordi", "public")]
    [InlineData("https://169.254.169.254/latest/meta-data", "public")]
    [InlineData("https://[fd00::1]/coordi", "public")]
    [InlineData("http://127.0.0.1:8080/coordi", "loopback")]
    [InlineData("https://localhost/coordi", "loopback")]
    [InlineData("https://user:pass@hooks.example.com/coordi", "credentials")]
    [InlineData("/relative", "https")]
    public void Other_urls_are_refused_with_the_reason(string url, string reason) =>
        Assert.Contains(reason, Policy(false).Problem(url), StringComparison.Ordinal);

    [Fact]
    public void Loopback_over_http_is_accepted_only_when_configured()
    {
        Assert.Null(Policy(true).Problem("http://127.0.0.1:8080/coordi"));
        Assert.Null(Policy(true).Problem("http://localhost:8080/coordi"));
        Assert.True(Policy(true).MayConnectTo(IPAddress.Loopback, 8080));
        Assert.False(Policy(false).MayConnectTo(IPAddress.Loopback, 443));
        Assert.False(Policy(true).MayConnectTo(IPAddress.Parse("10.0.0.1"), 443));
        Assert.True(Policy(false).MayConnectTo(IPAddress.Parse("93.184.216.34"), 443));
    }

    [Theory]
    [InlineData("0.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("192.0.0.8")]
    [InlineData("192.0.2.10")]
    [InlineData("192.88.99.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.254")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::ffff:192.0.2.10")]
    [InlineData("64:ff9b::c000:20a")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("::c000:20a")]
    [InlineData("::")]
    [InlineData("100::1")]
    [InlineData("2001::1")]
    [InlineData("2001:2::1")]
    [InlineData("2001:10::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2002:c000:20a::1")]
    [InlineData("3fff::1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("ff02::1")]
    public void Reserved_ranges_are_refused_in_the_url_and_on_connect(string address)
    {
        var ip = IPAddress.Parse(address);
        var host = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;

        Assert.Contains("public", Policy(false).Problem($"https://{host}/coordi"), StringComparison.Ordinal);
        Assert.False(Policy(false).MayConnectTo(ip, 443));
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("198.17.255.1")]
    [InlineData("198.20.0.1")]
    [InlineData("2606:4700::6810:84e5")]
    [InlineData("2a00:1450:4001:82a::200e")]
    [InlineData("::ffff:93.184.216.34")]
    public void Global_unicast_addresses_are_accepted(string address) =>
        Assert.True(Policy(false).MayConnectTo(IPAddress.Parse(address), 443));

    [Fact]
    public void Ports_other_than_443_are_refused_unless_configured()
    {
        Assert.Null(Policy(false).Problem("https://hooks.example.com:443/coordi"));
        Assert.Contains("port 443", Policy(false).Problem("https://hooks.example.com:8443/coordi"), StringComparison.Ordinal);
        Assert.Contains("port 443", Policy(false).Problem("https://8.8.8.8:22/coordi"), StringComparison.Ordinal);
        Assert.False(Policy(false).MayConnectTo(IPAddress.Parse("93.184.216.34"), 8443));

        Assert.Null(Policy(false, 8443).Problem("https://hooks.example.com:8443/coordi"));
        Assert.True(Policy(false, 8443).MayConnectTo(IPAddress.Parse("93.184.216.34"), 8443));
        Assert.Contains("8443", Policy(false, 8443).Problem("https://hooks.example.com:9000/coordi"), StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_up_to_the_cap()
    {
        var options = new WebhookOptions { FirstRetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.FromSeconds(15), WebhookBackoff.Delay(options, 1, 0));
        Assert.Equal(TimeSpan.FromSeconds(30), WebhookBackoff.Delay(options, 1, 1));
        Assert.Equal(TimeSpan.FromSeconds(90), WebhookBackoff.Delay(options, 3, 0.5));
        Assert.Equal(TimeSpan.FromMinutes(30), WebhookBackoff.Delay(options, 20, 0));
        Assert.Equal(TimeSpan.FromHours(1), WebhookBackoff.Delay(options, 200, 1));
    }
}
