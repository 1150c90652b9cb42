using System.Text.Encodings.Web;
using System.Text.Json;

namespace Coordi.Testing.Fakes;

/// <summary>
/// JSON as Twilio and OpenAI put it on the wire: base64 and text unescaped ('+', apostrophes), where .NET's default
/// encoder would write \u002B and \u0027.
/// </summary>
internal static class WireJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Bytes(object message) => JsonSerializer.SerializeToUtf8Bytes(message, Options);
}
