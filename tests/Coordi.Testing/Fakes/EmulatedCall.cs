using System.Net;
using System.Xml.Linq;

namespace Coordi.Testing.Fakes;

/// <summary>
/// One inbound call as Twilio runs it: the TwiML the voice edge answered with, the media stream it asked for,
/// and, once the edge closes that stream, the &lt;Connect action&gt; request and the TwiML it returns.
/// </summary>
public sealed class EmulatedCall : IAsyncDisposable
{
    private readonly TwilioCallerEmulator _twilio;
    private readonly TaskCompletionSource<XDocument> _connectAction = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _endedThroughApi = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal EmulatedCall(TwilioCallerEmulator twilio, string callSid, string from, string to, HttpStatusCode status, XDocument? twiml)
    {
        _twilio = twilio;
        CallSid = callSid;
        From = from;
        To = to;
        WebhookStatus = status;
        Twiml = twiml;
    }

    public string CallSid { get; }

    public string From { get; }

    public string To { get; }

    /// <summary>The status of the incoming-call webhook.</summary>
    public HttpStatusCode WebhookStatus { get; }

    /// <summary>The TwiML the incoming-call webhook returned; null when it returned none (e.g. 403).</summary>
    public XDocument? Twiml { get; }

    public CallerMediaStream? Media { get; private set; }

    /// <summary>The &lt;Stream url&gt; of the TwiML, when it connects a stream.</summary>
    public Uri? StreamUrl => Twiml?.Root?.Element("Connect")?.Element("Stream")?.Attribute("url") is { } url ? new Uri(url.Value) : null;

    /// <summary>The &lt;Stream&gt; custom parameters (callId, tenantId, token).</summary>
    public IReadOnlyDictionary<string, string> StreamParameters =>
        Twiml?.Root?.Element("Connect")?.Element("Stream")?.Elements("Parameter")
            .ToDictionary(p => p.Attribute("name")!.Value, p => p.Attribute("value")!.Value) ?? [];

    /// <summary>The TwiML returned by the &lt;Connect action&gt; URL, requested once the edge closed the stream.</summary>
    public Task<XDocument> ConnectAction => _connectAction.Task;

    /// <summary>Opens the media stream the TwiML names, with its parameters (changed by <paramref name="tamper"/>, to forge one).</summary>
    public async Task<CallerMediaStream> ConnectStreamAsync(Action<Dictionary<string, string>>? tamper = null)
    {
        var parameters = new Dictionary<string, string>(StreamParameters);
        tamper?.Invoke(parameters);
        var media = await CallerMediaStream.ConnectAsync(_twilio.Route(StreamUrl ?? throw new InvalidOperationException("The TwiML connects no stream.")), _twilio.AccountSid, CallSid, parameters);
        if (tamper is null)
        {
            Media = media;
            _ = FollowConnectActionAsync(media);
        }

        return media;
    }

    /// <summary>Posts a Twilio callback (e.g. a &lt;Dial action&gt;) to <paramref name="url"/> and returns its TwiML.</summary>
    public async Task<XDocument> PostCallbackAsync(string url, IReadOnlyDictionary<string, string>? extra = null)
    {
        var form = CallForm("in-progress");
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            form[key] = value;
        }

        var (status, twiml) = await _twilio.PostAsync(url, form);
        return status == HttpStatusCode.OK && twiml is not null
            ? twiml
            : throw new InvalidOperationException($"The callback {url} answered {(int)status} without TwiML.");
    }

    /// <summary>Twilio's final status callback for the call (/twilio/status).</summary>
    public async Task<HttpStatusCode> PostStatusCallbackAsync(string status, int durationSeconds)
    {
        var form = CallForm(status);
        form["CallDuration"] = durationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code, _) = await _twilio.PostAsync(new Uri(_twilio.VoiceBaseAddress, "/twilio/status").ToString(), form);
        return code;
    }

    /// <summary>The caller hangs up: Twilio sends stop and closes the stream (and asks for no &lt;Connect action&gt;).</summary>
    public Task HangUpAsync() => Media?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Completes once the call was hung up through the REST API and its stream has stopped.</summary>
    public Task EndedThroughApi => _endedThroughApi.Task;

    /// <summary>
    /// The REST API completed the call: Twilio ends it at once, sending stop on the stream and closing it. The
    /// call is over, so no &lt;Connect action&gt; is requested.
    /// </summary>
    internal async Task EndThroughApiAsync()
    {
        try
        {
            await HangUpAsync();
        }
        finally
        {
            _endedThroughApi.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Media is not null)
        {
            await Media.DisposeAsync();
        }
    }

    private async Task FollowConnectActionAsync(CallerMediaStream media)
    {
        await media.Closed;
        var action = Twiml?.Root?.Element("Connect")?.Attribute("action")?.Value;
        if (!media.ClosedByServer || action is null)
        {
            return;
        }

        try
        {
            _connectAction.TrySetResult(await PostCallbackAsync(action));
        }
        catch (Exception ex)
        {
            _connectAction.TrySetException(ex);
        }
    }

    private Dictionary<string, string> CallForm(string status) => new()
    {
        ["AccountSid"] = _twilio.AccountSid,
        ["ApiVersion"] = "2010-04-01",
        ["CallSid"] = CallSid,
        ["CallStatus"] = status,
        ["Direction"] = "inbound",
        ["From"] = From,
        ["To"] = To,
    };
}
