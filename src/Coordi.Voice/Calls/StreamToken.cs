using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// The media stream proves it belongs to a call we answered with a token we put in the TwiML; anyone who can
/// reach the WebSocket but did not receive our TwiML cannot attach to a call. The token covers everything the
/// stream's parameters tell the instance that takes it (which may not be the one that answered, ADR 015) and
/// the CallSid Twilio names in the start event, so no part can be swapped for another call's.
/// </summary>
public sealed class StreamToken(IOptions<VoiceOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.StreamTokenSecret);

    public string Create(StreamClaims claims) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(claims.Canonical())));

    public bool IsValid(StreamClaims claims, string token)
    {
        var expected = Encoding.ASCII.GetBytes(Create(claims));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token));
    }
}

/// <summary>What a media stream's token vouches for.</summary>
public sealed record StreamClaims(string CallId, string TenantId, string CallSid, string From, string To)
{
    // Each value is prefixed with its length, so no two different claims share a canonical form whatever they hold.
    public string Canonical() => string.Concat(new[] { CallId, TenantId, CallSid, From, To }.Select(v => $"{v.Length}:{v}"));
}
