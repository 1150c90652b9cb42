namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class EscalationTests(VoiceFixture fixture)
{
    [Fact]
    public async Task An_escalated_call_rings_each_contact_in_turn_then_takes_a_voicemail_and_texts_the_owner()
    {
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("I smell gas in my kitchen, I need someone right now!")
            .Agent(ScriptedCall.Of("escalate_to_human", new { reason = "gas smell" }))
            .Agent("Connecting you now, please hold.", ms: 800);

        await using var call = await fixture.Twilio.DialAsync(caller, business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 800);
        var first = await call.ConnectAction.Within("the connect action after the hand-over");

        // The agent's last words were heard before the stream closed.
        var connecting = session.Replies[^1];
        Assert.Equal("Connecting you now, please hold.", connecting.Text);
        Assert.Equal(connecting.TotalMs, call.Media!.HeardMs(connecting.Tag));

        var dial = DialOf(first);
        Assert.Equal(business.Contacts[0].Phone, dial.Number);
        Assert.Equal(business.Number, dial.CallerId);
        Assert.Equal("20", dial.Timeout);

        var second = await call.PostCallbackAsync(dial.Action, new Dictionary<string, string> { ["DialCallStatus"] = "no-answer", ["DialCallDuration"] = "0" });
        var dialNext = DialOf(second);
        Assert.Equal(business.Contacts[1].Phone, dialNext.Number);
        Assert.Equal("15", dialNext.Timeout);

        var voicemail = await call.PostCallbackAsync(dialNext.Action, new Dictionary<string, string> { ["DialCallStatus"] = "no-answer", ["DialCallDuration"] = "0" });
        Assert.Equal(["Say", "Record", "Say", "Hangup"], voicemail.Verbs());
        Assert.Contains("nobody could take your call", voicemail.Says()[0], StringComparison.OrdinalIgnoreCase);
        var ownerAlert = Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        Assert.Equal(business.Number, ownerAlert.From);
        Assert.Contains(caller, ownerAlert.Body);

        // The caller leaves a message: it is recorded on the call and the owner gets its link.
        var recordAction = voicemail.Root!.Element("Record")!.Attribute("action")!.Value;
        const string recordingUrl = "https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/RE0123456789abcdef0123456789abcdef";
        var thanks = await call.PostCallbackAsync(recordAction, new Dictionary<string, string>
        {
            ["RecordingUrl"] = recordingUrl,
            ["RecordingSid"] = "RE0123456789abcdef0123456789abcdef",
            ["RecordingDuration"] = "14",
        });
        Assert.Equal(["Say", "Hangup"], thanks.Verbs());
        Assert.Contains(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone && m.Body.Contains(recordingUrl, StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.TwilioApi.Messages, m => m.To == business.Contacts[1].Phone);

        await call.PostStatusCallbackAsync("completed", 95);
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Outcome == CallOutcome.Escalated && c.ToolInvocations.Count == 2,
            "the escalated call to reach the core");
        Assert.Equal(["escalate_to_human", "voicemail"], stored.ToolInvocations.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Contains(stored.ToolInvocations, t => t.Name == "voicemail" && t.ResultJson.Contains(recordingUrl, StringComparison.Ordinal));
    }

    private static (string Number, string CallerId, string Timeout, string Action) DialOf(System.Xml.Linq.XDocument twiml)
    {
        Assert.Equal(["Say", "Dial"], twiml.Verbs());
        var dial = twiml.Root!.Element("Dial")!;
        return (dial.Element("Number")!.Value, dial.Attribute("callerId")!.Value, dial.Attribute("timeout")!.Value, dial.Attribute("action")!.Value);
    }
}
