using System.Net;

namespace Coordi.Voice.Tests;

/// <summary>
/// Two voice edge instances behind one public address, as the deployment runs them behind an ingress without
/// affinity: every request of a call (the incoming-call webhook, the media stream, each callback) may reach
/// either, and the call goes on as if one instance had served it all.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class AnyPodTests(VoiceFixture fixture)
{
    [Fact]
    public async Task A_call_answered_by_one_instance_talks_on_the_other_and_reaches_the_core()
    {
        await using var pods = await TwoPodsAsync();
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Hi, I'm Dana Smith, 512 555 0143, my sink is blocked.")
            .Agent("Thanks Dana, saving your details.", call: ScriptedCall.Of("create_lead", new { name = "Dana Smith", phone = "512 555 0143", service = "Drain cleaning" }))
            .Agent("All saved, the team will call you back. Goodbye!", ms: 500, call: ScriptedCall.Of("end_call", new { reason = "details taken" }));

        pods.Next(pods.A);
        var call = await pods.Twilio.RingAsync(TestData.UsNumber(), business.Number);
        await using var _ = call;
        pods.Next(pods.B);
        await call.ConnectStreamAsync();
        pods.Next(pods.A); // the connect-action, asked when the stream closes, goes back to the instance that answered
        var session = await script.Session.Within("the model session to open on the other instance");
        await call.SayAsync(session, 900);

        var next = await call.ConnectAction.Within("the connect action after the agent hung up");
        Assert.Equal(["Hangup"], next.Verbs());
        Assert.Equal(HttpStatusCode.NoContent, await call.PostStatusCallbackAsync("completed", 21));

        var clients = fixture.Clients(business);
        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome == CallOutcome.Lead && c.Transcript.Count == 4,
            "the call taken on the other instance to reach the core");
        Assert.Equal((CallHandoff.HangUp, call.CallSid), (stored.Handoff, stored.TwilioCallSid));
        Assert.Equal(
            [
                (Speaker.Agent, business.Greeting),
                (Speaker.Caller, "Hi, I'm Dana Smith, 512 555 0143, my sink is blocked."),
                (Speaker.Agent, "Thanks Dana, saving your details."),
                (Speaker.Agent, "All saved, the team will call you back. Goodbye!"),
            ],
            stored.Transcript.OrderBy(t => t.Sequence).Select(t => (t.Speaker, t.Text)));
        var lead = Assert.Single((await clients.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
        Assert.Equal(("Dana Smith", "+15125550143", stored.Id), (lead.Name, lead.Phone, lead.CallId));
    }

    [Fact]
    public async Task An_escalation_is_carried_out_by_whichever_instance_each_callback_reaches()
    {
        await using var pods = await TwoPodsAsync();
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("There is water pouring through my ceiling, get me a person!")
            .Agent(ScriptedCall.Of("escalate_to_human", new { reason = "burst pipe" }))
            .Agent("Connecting you now, please hold.", ms: 600);

        pods.Next(pods.B);
        var call = await pods.Twilio.RingAsync(caller, business.Number);
        await using var _ = call;
        pods.Next(pods.A);
        await call.ConnectStreamAsync();

        // The stream runs on A; Twilio's connect-action reaches B, which never saw the conversation.
        pods.Next(pods.B);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 800);
        var first = await call.ConnectAction.Within("the connect action after the hand-over");
        var dial = DialOf(first);
        Assert.Equal((business.Contacts[0].Phone, business.Number), (dial.Number, dial.CallerId));

        pods.Next(pods.A);
        var second = DialOf(await call.PostCallbackAsync(dial.Action, NoAnswer));
        Assert.Equal(business.Contacts[1].Phone, second.Number);

        pods.Next(pods.B);
        var voicemail = await call.PostCallbackAsync(second.Action, NoAnswer);
        Assert.Equal(["Say", "Record", "Say", "Hangup"], voicemail.Verbs());
        Assert.Contains("nobody could take your call", voicemail.Says()[0], StringComparison.OrdinalIgnoreCase);
        Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone && m.Body.Contains(caller, StringComparison.Ordinal));

        pods.Next(pods.A);
        const string recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE00000000000000000000000000000a11";
        var thanks = await call.PostCallbackAsync(voicemail.Root!.Element("Record")!.Attribute("action")!.Value, new Dictionary<string, string>
        {
            ["RecordingUrl"] = recordingUrl,
            ["RecordingSid"] = "RE00000000000000000000000000000a11",
            ["RecordingDuration"] = "9",
        });
        Assert.Equal(["Say", "Hangup"], thanks.Verbs());
        Assert.Contains(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone && m.Body.Contains(recordingUrl, StringComparison.Ordinal));

        pods.Next(pods.B);
        Assert.Equal(HttpStatusCode.NoContent, await call.PostStatusCallbackAsync("completed", 80));
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome == CallOutcome.Escalated && c.ToolInvocations.Count == 2,
            "the escalated call to reach the core");
        Assert.Equal((CallHandoff.Transfer, "burst pipe"), (stored.Handoff, stored.HandoffReason));
        Assert.Contains(stored.ToolInvocations, t => t.Name == "voicemail" && t.ResultJson.Contains(recordingUrl, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_status_callback_completes_a_call_on_the_instance_that_did_not_answer_it()
    {
        await using var pods = await TwoPodsAsync();
        var business = await fixture.NewBusinessAsync();
        pods.Next(pods.A);
        var call = await pods.Twilio.RingAsync(TestData.UsNumber(), business.Number);
        await using var _ = call;

        // The caller hung up before the stream started: only Twilio's status callback reports the call, to B.
        pods.Next(pods.B);
        Assert.Equal(HttpStatusCode.NoContent, await call.PostStatusCallbackAsync("completed", 7));

        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed,
            "the status callback to complete the call");
        Assert.Equal((call.CallSid, 7), (stored.TwilioCallSid, stored.DurationSeconds));
        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));
    }

    [Fact]
    public async Task A_callback_whose_tenant_was_changed_after_signing_is_refused()
    {
        await using var pods = await TwoPodsAsync();
        var business = await fixture.NewBusinessAsync();
        var other = await fixture.NewBusinessAsync();
        pods.Next(pods.B);
        var call = await pods.Twilio.RingAsync(TestData.UsNumber(), business.Number);
        await using var _ = call;
        var action = call.Twiml!.Root!.Element("Connect")!.Attribute("action")!.Value;
        Assert.Contains("tenantId=" + business.TenantId, action, StringComparison.Ordinal);
        var forgedUrl = action.Replace(business.TenantId, other.TenantId, StringComparison.Ordinal);
        var form = new Dictionary<string, string> { ["AccountSid"] = VoiceServer.TwilioAccountSid, ["CallSid"] = call.CallSid, ["CallStatus"] = "in-progress" };

        using var http = new HttpClient();
        foreach (var pod in new[] { pods.A, pods.B })
        {
            // Signed by Twilio for the URL we issued, delivered with another tenant named in it.
            using var request = new HttpRequestMessage(HttpMethod.Post, Pods.At(pod, new Uri(forgedUrl))) { Content = new FormUrlEncodedContent(form) };
            request.Headers.Add(TwilioCallerEmulator.SignatureHeader, TwilioCallerEmulator.Sign(VoiceServer.TwilioAuthToken, action, form));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // The genuine request is answered by the other instance. No stream ever ended with a hand-off, so the
        // caller is offered voicemail rather than cut off.
        pods.Next(pods.A);
        var (status, twiml) = await pods.Twilio.PostAsync(action, form);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Say", "Record", "Say", "Hangup"], twiml!.Verbs());
        Assert.Contains("leave your name", twiml!.Says()[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_presenting_another_calls_token_is_refused_on_any_instance()
    {
        await using var pods = await TwoPodsAsync();
        var business = await fixture.NewBusinessAsync();
        var other = await fixture.NewBusinessAsync();
        pods.Next(pods.A);
        var call = await pods.Twilio.RingAsync(TestData.UsNumber(), business.Number);
        await using var _ = call;
        var otherCall = await pods.Twilio.RingAsync(TestData.UsNumber(), other.Number);
        await using var __ = otherCall;

        foreach (var pod in new[] { pods.B, pods.A })
        {
            pods.Next(pod);
            foreach (var forge in new Action<Dictionary<string, string>>[]
            {
                // Every parameter of the other tenant's call, token included: the CallSid of this stream differs.
                p => Replace(p, otherCall.StreamParameters),
                // This call under the other tenant, with the other call's token.
                p => (p["tenantId"], p["token"]) = (other.TenantId, otherCall.StreamParameters["token"]),
                // This call with another caller number than the token vouches for.
                p => p["from"] = TestData.UsNumber(),
            })
            {
                await using var forged = await call.ConnectStreamAsync(forge);
                await forged.Closed.WaitAsync(Eventually.DefaultTimeout);
                Assert.True(forged.ClosedByServer, "the edge closed the stream");
                Assert.Equal(0, forged.MediaFramesReceived);
            }
        }

        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));
        Assert.Empty(fixture.Realtime.SessionsFor(other.Marker));
    }

    private static readonly IReadOnlyDictionary<string, string> NoAnswer = new Dictionary<string, string> { ["DialCallStatus"] = "no-answer", ["DialCallDuration"] = "0" };

    /// <summary>The fixture's edge (A) and a second one (B) on the same core, secrets and public address.</summary>
    private async Task<Pods> TwoPodsAsync()
    {
        var b = await VoiceServer.StartAsync(fixture.Core.GrpcAddress, fixture.TwilioApi, fixture.Realtime,
            settings: new Dictionary<string, string?> { ["Coordi:Voice:PublicBaseUrl"] = fixture.Voice.BaseAddress.ToString().TrimEnd('/') });
        return new Pods(fixture.Voice, b, new TwilioCallerEmulator(fixture.Voice.BaseAddress, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken, fixture.TwilioApi));
    }

    private static void Replace(Dictionary<string, string> parameters, IReadOnlyDictionary<string, string> with)
    {
        parameters.Clear();
        foreach (var (key, value) in with)
        {
            parameters[key] = value;
        }
    }

    private static (string Number, string CallerId, string Action) DialOf(System.Xml.Linq.XDocument twiml)
    {
        Assert.Equal(["Say", "Dial"], twiml.Verbs());
        var dial = twiml.Root!.Element("Dial")!;
        return (dial.Element("Number")!.Value, dial.Attribute("callerId")!.Value, dial.Attribute("action")!.Value);
    }

    /// <summary>
    /// Two instances behind one public address; the test says which one the ingress delivers the next requests to.
    /// Twilio signs every request for the public address, whichever instance receives it.
    /// </summary>
    private sealed class Pods : IAsyncDisposable
    {
        private VoiceServer _next;

        public Pods(VoiceServer a, VoiceServer b, TwilioCallerEmulator twilio)
        {
            (A, B, Twilio, _next) = (a, b, twilio, a);
            twilio.Route = url => At(_next, url);
        }

        public VoiceServer A { get; }

        public VoiceServer B { get; }

        public TwilioCallerEmulator Twilio { get; }

        public void Next(VoiceServer pod) => _next = pod;

        public static Uri At(VoiceServer pod, Uri url) => new UriBuilder(url) { Host = pod.BaseAddress.Host, Port = pod.Port }.Uri;

        public async ValueTask DisposeAsync()
        {
            Twilio.Dispose();
            await B.DisposeAsync();
        }
    }
}
