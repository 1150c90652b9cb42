using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Coordi.Voice.Calls;

/// <summary>
/// The media stream proves it belongs to a call we answered with a token we put in the TwiML; anyone who can
/// reach the WebSocket but did not receive our TwiML cannot attach to a call.
/// </summary>
public sealed class StreamToken(IOptions<VoiceOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.StreamTokenSecret);

    public string Create(string callId, string tenantId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(callId + "|" + tenantId)));

    public bool IsValid(string callId, string tenantId, string token)
    {
        var expected = Encoding.ASCII.GetBytes(Create(callId, tenantId));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(token));
    }
}
