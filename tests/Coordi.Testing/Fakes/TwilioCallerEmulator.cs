using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace Coordi.Testing.Fakes;

/// <summary>How a webhook is signed: as Twilio does, with the wrong auth token, or not at all.</summary>
public enum Signing
{
    Valid,
    Forged,
    Missing,
}

/// <summary>
/// Twilio's side of voice calls to the voice edge: signs and posts the webhooks Twilio posts, follows the TwiML
/// it gets back, and plays the caller (see <see cref="EmulatedCall"/> and <see cref="CallerMediaStream"/>). Given
/// the <see cref="FakeTwilioApi"/>, its calls can be hung up through that REST API, as Twilio's can.
/// </summary>
public sealed class TwilioCallerEmulator(Uri voiceBaseAddress, string accountSid, string authToken, FakeTwilioApi? api = null) : IDisposable
{
    public const string SignatureHeader = "X-Twilio-Signature";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public Uri VoiceBaseAddress { get; } = voiceBaseAddress;

    public string AccountSid { get; } = accountSid;

    public string AuthToken { get; } = authToken;

    /// <summary>
    /// Where a request for a public URL is delivered, as an ingress in front of several voice edge instances
    /// decides: the request is signed for the URL as given and sent to the address this returns. Unchanged by default.
    /// </summary>
    public Func<Uri, Uri> Route { get; set; } = url => url;

    /// <summary>
    /// Twilio's request signature: base64(HMAC-SHA1(auth token, URL + each form key and value, keys in ordinal
    /// order)), the value of X-Twilio-Signature.
    /// </summary>
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    /// <summary>Posts the incoming-call webhook (/twilio/voice) for a new call; does not open the media stream.</summary>
    public async Task<EmulatedCall> RingAsync(string from, string to, Signing signing = Signing.Valid, string? callSid = null)
    {
        callSid ??= TestData.CallSid();
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = AccountSid,
            ["ApiVersion"] = "2010-04-01",
            ["CallSid"] = callSid,
            ["CallStatus"] = "ringing",
            ["Direction"] = "inbound",
            ["From"] = from,
            ["To"] = to,
        };
        var (status, twiml) = await PostAsync(new Uri(VoiceBaseAddress, "/twilio/voice").ToString(), form, signing);
        var call = new EmulatedCall(this, callSid, from, to, status, twiml);
        api?.CallStarted(callSid, call.EndThroughApiAsync);
        return call;
    }

    /// <summary>Rings and, when the TwiML says &lt;Connect&gt;&lt;Stream&gt;, opens the media stream as Twilio would.</summary>
    public async Task<EmulatedCall> DialAsync(string from, string to)
    {
        var call = await RingAsync(from, to);
        if (call.StreamUrl is not null)
        {
            await call.ConnectStreamAsync();
        }

        return call;
    }

    /// <summary>Posts a signed form to <paramref name="url"/> exactly as given; returns the status and the TwiML, if any.</summary>
    public async Task<(HttpStatusCode Status, XDocument? Twiml)> PostAsync(string url, IReadOnlyDictionary<string, string> form, Signing signing = Signing.Valid)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Route(new Uri(url))) { Content = new FormUrlEncodedContent(form) };
        switch (signing)
        {
            case Signing.Valid:
                request.Headers.Add(SignatureHeader, Sign(AuthToken, url, form));
                break;
            case Signing.Forged:
                request.Headers.Add(SignatureHeader, Sign("not-" + AuthToken, url, form));
                break;
        }

        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var isXml = response.Content.Headers.ContentType?.MediaType?.EndsWith("xml", StringComparison.Ordinal) == true;
        return (response.StatusCode, isXml ? XDocument.Parse(body) : null);
    }

    public void Dispose() => _http.Dispose();
}
