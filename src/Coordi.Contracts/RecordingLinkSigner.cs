using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Coordi.Contracts;

/// <summary>
/// Short-lived links to one call's recording on the voice edge. The core signs a link after it found the call in
/// the caller's organization; the voice edge checks the signature and serves that organization's call and nothing
/// else. Tenant and call are both inside the signature, so changing either in a link breaks it.
/// </summary>
public sealed class RecordingLinkSigner(string secret)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(secret);

    /// <summary>Path and query of the link, relative to the voice edge's public base URL.</summary>
    public string SignedPath(Guid tenantId, Guid callId, DateTimeOffset expires)
    {
        var tenant = tenantId.ToString("N");
        var call = callId.ToString("N");
        var exp = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"recordings?tenant={tenant}&call={call}&exp={exp}&sig={Signature(tenant, call, exp)}";
    }

    /// <summary>
    /// The tenant and call a link names when its signature is right and it has not expired; null otherwise.
    /// Ids are accepted only in the one form the signer writes, so no two spellings share a signature.
    /// </summary>
    public (Guid TenantId, Guid CallId)? Verify(string? tenant, string? call, string? exp, string? signature, DateTimeOffset now)
    {
        if (!Guid.TryParseExact(tenant, "N", out var tenantId) || tenant != tenantId.ToString("N")
            || !Guid.TryParseExact(call, "N", out var callId) || call != callId.ToString("N")
            || signature is null
            || !long.TryParse(exp, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)
            || unix > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            || DateTimeOffset.FromUnixTimeSeconds(unix) < now)
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(tenant, call, exp!));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)) ? (tenantId, callId) : null;
    }

    private string Signature(string tenant, string call, string exp) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(tenant + "|" + call + "|" + exp)));
}
