using Coordi.Core.Webhooks;

namespace Coordi.Core.UnitTests.Webhooks;

public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_test-secret";
    private const string Body = """{"id":"e1","type":"lead.created"}""";
    private static readonly DateTimeOffset SentAt = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    [Fact]
    public void The_signature_is_the_hex_hmac_of_timestamp_dot_body()
    {
        // Independently computed: printf '1800000000.{"id":"e1","type":"lead.created"}' | openssl dgst -sha256 -hmac whsec_test-secret
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(Secret), System.Text.Encoding.UTF8.GetBytes("1800000000." + Body)));

        Assert.Equal($"t=1800000000,v1={expected}", WebhookSignature.Sign(Secret, SentAt.ToUnixTimeSeconds(), Body));
    }

    [Fact]
    public void A_fresh_genuine_delivery_verifies()
    {
        var header = WebhookSignature.Sign(Secret, SentAt.ToUnixTimeSeconds(), Body);

        Assert.True(WebhookSignature.Verify(Secret, header, Body, SentAt.AddMinutes(4), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("future")]
    [InlineData("other-secret")]
    [InlineData("changed-body")]
    [InlineData("moved-timestamp")]
    [InlineData("garbage")]
    public void A_stale_forged_or_tampered_delivery_does_not_verify(string change)
    {
        var header = WebhookSignature.Sign(Secret, SentAt.ToUnixTimeSeconds(), Body);
        var (h, body, now, secret) = change switch
        {
            "stale" => (header, Body, SentAt.AddMinutes(6), Secret),
            "future" => (header, Body, SentAt.AddMinutes(-6), Secret),
            "other-secret" => (header, Body, SentAt, "whsec_other"),
            "changed-body" => (header, Body.Replace("e1", "e2", StringComparison.Ordinal), SentAt, Secret),
            "moved-timestamp" => (header.Replace("t=1800000000", "t=1800000100", StringComparison.Ordinal), Body, SentAt.AddSeconds(100), Secret),
            _ => ("nonsense", Body, SentAt, Secret),
        };

        Assert.False(WebhookSignature.Verify(secret, h, body, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void New_secrets_are_distinct_and_prefixed()
    {
        var a = WebhookSignature.NewSecret();
        var b = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.True(a.Length >= 40);
    }
}
