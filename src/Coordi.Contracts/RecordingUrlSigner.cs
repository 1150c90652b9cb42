using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coordi.Contracts;

/// <summary>
/// Short-lived signed links to a call recording served by the voice edge. The portal signs a link after it
/// has checked the call belongs to the signed-in owner's organization; the voice edge only checks the signature.
/// </summary>
public sealed class RecordingUrlSigner(string secret)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    /// <summary>Path and query of the link, relative to the voice edge's public base URL.</summary>
    public string SignedPath(string recordingRef, DateTimeOffset expires)
    {
        var exp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"recordings?ref={Uri.EscapeDataString(recordingRef)}&exp={exp}&sig={Signature(recordingRef, exp)}";
    }

    public bool IsValid(string recordingRef, string exp, string signature, DateTimeOffset now)
    {
        if (!long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || DateTimeOffset.FromUnixTimeSeconds(unix) < now)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(recordingRef, exp)), Encoding.ASCII.GetBytes(signature));
    }

    private string Signature(string recordingRef, string exp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(recordingRef + "|" + exp)));
}
