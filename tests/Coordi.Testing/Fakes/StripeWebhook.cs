using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coordi.Testing.Fakes;

/// <summary>Stripe's webhook signature: "t={unix seconds},v1={hex HMAC-SHA256(secret, t + "." + body)}".</summary>
public static class StripeWebhook
{
    public static string Sign(string payload, string secret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + payload));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
