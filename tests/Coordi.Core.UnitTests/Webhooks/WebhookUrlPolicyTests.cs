using System.Net;
using Coordi.Core.Webhooks;
using Microsoft.Extensions.Options;

namespace Coordi.Core.UnitTests.Webhooks;

public sealed class WebhookUrlPolicyTests
{
    private static WebhookUrlPolicy Policy(bool allowLoopback) => new(Options.Create(new WebhookOptions { AllowHttpLoopback = allowLoopback }));

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
        Assert.True(Policy(true).MayConnectTo(IPAddress.Loopback));
        Assert.False(Policy(false).MayConnectTo(IPAddress.Loopback));
        Assert.False(Policy(true).MayConnectTo(IPAddress.Parse("10.0.0.1")));
        Assert.True(Policy(false).MayConnectTo(IPAddress.Parse("93.184.216.34")));
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
