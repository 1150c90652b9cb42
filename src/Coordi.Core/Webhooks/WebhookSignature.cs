using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coordi.Core.Webhooks;

/// <summary>
/// The delivery signature: <c>Coordi-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256(secret, "t.body")&gt;</c>.
/// The timestamp is inside the signed text, so an old delivery cannot be re-sent with a fresh time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Coordi-Signature";
    public const string EventIdHeader = "Coordi-Event-Id";
    public const string EventTypeHeader = "Coordi-Event-Type";
    public const string DeliveryIdHeader = "Coordi-Delivery-Id";
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, long unixSeconds, string body)
    {
        var signedText = unixSeconds.ToString(CultureInfo.InvariantCulture) + "." + body;
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signedText));
        return $"t={unixSeconds.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>
    /// The receiver's check: the header parses, some v1 signature matches (constant-time), and its timestamp is
    /// within <paramref name="tolerance"/> of now. Replays of a valid delivery are caught by the event id, which
    /// the receiver remembers for at least the tolerance.
    /// </summary>
    public static bool Verify(string secret, string header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        long? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                return false;
            }

            if (pair[0] == "t" && long.TryParse(pair[1], NumberStyles.None, CultureInfo.InvariantCulture, out var t))
            {
                timestamp = t;
            }
            else if (pair[0] == "v1")
            {
                signatures.Add(pair[1]);
            }
        }

        if (timestamp is not { } unix || Math.Abs(now.ToUnixTimeSeconds() - unix) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, unix, body).Split(",v1=")[1]);
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}
