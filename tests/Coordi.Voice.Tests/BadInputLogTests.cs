using System.Net;
using System.Net.WebSockets;
using System.Text;
using Coordi.Testing.Logging;

namespace Coordi.Voice.Tests;

/// <summary>
/// Bad webhooks and bad media-stream frames are the sender's mistake: the edge answers or skips them and logs a
/// warning with the reason, and neither the edge nor the core behind it logs an Error, a Critical entry or a stack
/// trace (ADR 022). Only the edge's answers are awaited, so everything the edge logged for a request is in place
/// before its logs are read.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class BadInputLogTests(VoiceFixture fixture)
{
    [Fact]
    public async Task Bad_webhooks_are_answered_without_an_error_in_any_log()
    {
        var business = await fixture.NewBusinessAsync();
        var (voice, core) = (fixture.Voice, fixture.Core);
        var (voiceLogged, coreLogged) = (voice.Logs.Checkpoint(), core.Logs.Checkpoint());
        using var http = new HttpClient { BaseAddress = voice.BaseAddress };
        string Url(string pathAndQuery) => new Uri(voice.BaseAddress, pathAndQuery).ToString();
        var answers = new List<HttpStatusCode>();

        foreach (var signing in new[] { Signing.Forged, Signing.Missing })
        {
            answers.Add((await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number, signing)).WebhookStatus);
        }

        foreach (var (to, callSid) in new[] { ("not a number", TestData.CallSid()), ("+1512\u00005550143", TestData.CallSid()), (business.Number, "CA-not-a-sid"), (business.Number, "") })
        {
            answers.Add((await fixture.Twilio.PostAsync(Url("/twilio/voice"), CallForm(to, callSid))).Status);
        }

        answers.Add((await http.PostAsync("/twilio/voice", new StringContent("{\"CallSid\":\"CA1\"}", Encoding.UTF8, "application/json"))).StatusCode);
        answers.Add((await http.PostAsync("/twilio/voice", new ByteArrayContent([]))).StatusCode);
        answers.Add((await http.PostAsync("/twilio/voice", new StringContent("To=%ZZ&&&=" + new string('x', 3 * 1024 * 1024), Encoding.UTF8, "application/x-www-form-urlencoded"))).StatusCode);
        answers.Add((await http.GetAsync("/twilio/voice")).StatusCode);

        foreach (var status in new[] { "completed", "exploded" })
        {
            answers.Add((await fixture.Twilio.PostAsync(Url("/twilio/status"), CallForm(business.Number, "CA-not-a-sid", status))).Status);
            answers.Add((await fixture.Twilio.PostAsync(Url("/twilio/status"), CallForm("+1512\u00005550143", TestData.CallSid(), status))).Status);
        }

        var unknownCall = Guid.NewGuid().ToString();
        foreach (var callback in new[]
        {
            $"/twilio/connect-action?tenantId={business.TenantId}&callId=not-a-call",
            $"/twilio/connect-action?tenantId=not-a-tenant&callId={unknownCall}",
            "/twilio/connect-action",
            $"/twilio/dial-action?tenantId={business.TenantId}&callId={unknownCall}&next=abc",
            $"/twilio/dial-action?tenantId={business.TenantId}&callId={unknownCall}&next=-2147483648",
            $"/twilio/voicemail?tenantId={business.TenantId}&callId={unknownCall}",
            $"/twilio/voicemail?tenantId=%00&callId=%00",
        })
        {
            var form = CallForm(business.Number, TestData.CallSid());
            form["RecordingUrl"] = "javascript:alert(1)";
            form["DialCallStatus"] = "no-answer";
            answers.Add((await fixture.Twilio.PostAsync(Url(callback), form)).Status);
            answers.Add((await fixture.Twilio.PostAsync(Url(callback), form, Signing.Forged)).Status);
        }

        foreach (var link in new[] { "/recordings", "/recordings?tenant=x&call=y&exp=soon&sig=abc", $"/recordings?tenant={business.TenantId}&call={unknownCall}&exp=99999999999999999999&sig=%00" })
        {
            answers.Add((await http.GetAsync(link)).StatusCode);
        }

        LogAssert.NoAlarmsSince("bad webhooks", ("voice edge", voice.Logs, voiceLogged), ("core", core.Logs, coreLogged));
        Assert.DoesNotContain(answers, a => (int)a >= 500);
        Assert.Contains(HttpStatusCode.Forbidden, answers);
        Assert.Contains(HttpStatusCode.BadRequest, answers);
    }

    [Fact]
    public async Task Bad_media_stream_frames_are_skipped_without_an_error_in_any_log()
    {
        var business = await fixture.NewBusinessAsync();
        var (voice, core) = (fixture.Voice, fixture.Core);
        var (voiceLogged, coreLogged) = (voice.Logs.Checkpoint(), core.Logs.Checkpoint());
        await using var call = await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number);
        var streamUrl = call.StreamUrl!;

        using (var http = new HttpClient())
        {
            // A plain request where a WebSocket is expected.
            var plain = await http.GetAsync(new UriBuilder(streamUrl) { Scheme = "http" }.Uri);
            Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        }

        // Garbage before the start event, then a start whose token was forged: skipped, then closed by the edge.
        using (var socket = await ConnectAsync(streamUrl))
        {
            await SendAsync(socket, "{\"event\":\"media\",\"media\":{\"payload\":");
            await SendAsync(socket, "\u0000\u0001 not json at all");
            await socket.SendAsync(new byte[] { 0x00, 0xFF, 0x13, 0x37 }, WebSocketMessageType.Binary, true, CancellationToken.None);
            await SendAsync(socket, "{\"event\":\"media\",\"media\":{\"payload\":\"" + new string('A', 200 * 1024) + "\"}}");
            await SendAsync(socket, StartFrame(call.CallSid, new Dictionary<string, string>(call.StreamParameters) { ["token"] = new string('0', 64) }));
            Assert.Equal(WebSocketMessageType.Close, await ReceiveUntilClosedAsync(socket));
        }

        // A start event of the wrong shape: skipped or refused, and the stream closed either way.
        using (var socket = await ConnectAsync(streamUrl))
        {
            await SendAsync(socket, "{\"event\":\"start\",\"start\":{\"customParameters\":7,\"mediaFormat\":[]}}");
            Assert.Equal(WebSocketMessageType.Close, await ReceiveUntilClosedAsync(socket));
        }

        // A stream dropped without a close frame before it started, as a broken connection would leave it.
        using (var socket = await ConnectAsync(streamUrl))
        {
            await SendAsync(socket, "not a frame");
            await Eventually.UntilAsync(() => voice.Logs.Since(voiceLogged).Any(e => e.Message.Contains("before the stream started", StringComparison.Ordinal)), "the edge to skip the frame");
            var beforeDrop = voice.Logs.Checkpoint();
            socket.Abort();
            await Eventually.UntilAsync(() => voice.Logs.Since(beforeDrop).Count > 0, "the edge to notice the dropped stream");
        }

        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));
        Assert.Equal(HttpStatusCode.NoContent, await call.PostStatusCallbackAsync("completed", 1));
        LogAssert.NoAlarmsSince("bad media stream frames", ("voice edge", voice.Logs, voiceLogged), ("core", core.Logs, coreLogged));
    }

    private Dictionary<string, string> CallForm(string to, string callSid, string status = "ringing") => new()
    {
        ["AccountSid"] = VoiceServer.TwilioAccountSid,
        ["ApiVersion"] = "2010-04-01",
        ["CallSid"] = callSid,
        ["CallStatus"] = status,
        ["Direction"] = "inbound",
        ["From"] = TestData.UsNumber(),
        ["To"] = to,
    };

    private static string StartFrame(string callSid, IReadOnlyDictionary<string, string> parameters) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            @event = "start",
            start = new
            {
                accountSid = VoiceServer.TwilioAccountSid,
                streamSid = "MZ" + Guid.NewGuid().ToString("N"),
                callSid,
                mediaFormat = new { encoding = "audio/x-mulaw", sampleRate = 8000, channels = 1 },
                customParameters = parameters,
            },
        });

    private static async Task<ClientWebSocket> ConnectAsync(Uri url)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(url, CancellationToken.None).WaitAsync(Eventually.DefaultTimeout);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<WebSocketMessageType> ReceiveUntilClosedAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result.MessageType;
            }
        }
    }
}
