namespace Coordi.Voice.Tests;

/// <summary>
/// Calls that outlast what the edge or the model allow end politely: the agent says goodbye and the call is hung
/// up, or, when the model's session is already gone, Twilio apologises and offers a voicemail.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class CallWrapUpTests(VoiceFixture fixture)
{
    private const string Goodbye = "We're out of time for this call. The team will call you back today. Goodbye!";

    [Fact]
    public async Task At_the_maximum_call_length_the_agent_says_goodbye_and_the_call_is_hung_up()
    {
        await using var own = await fixture.StartOwnVoiceAsync(new Dictionary<string, string?> { ["Coordi:Voice:MaxCallSeconds"] = "8" });
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Do you repair tankless water heaters?")
            .Agent("Yes, we install and repair them.")
            .WhenAsked("time limit", Goodbye, ms: 1200);

        await using var call = await own.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 600);
        await call.EndedThroughApi.WaitAsync(TimeSpan.FromSeconds(45));

        // The goodbye was asked for without tools, and heard to the end before the line went dead.
        var request = Assert.Single(session.AllResponseRequests, r => r.Instructions?.Contains("time limit", StringComparison.Ordinal) == true);
        Assert.Equal("none", request.ToolChoice);
        Assert.False(request.OutOfBand);
        var goodbye = Assert.Single(session.Replies, r => r.Text == Goodbye);
        Assert.Equal(goodbye.TotalMs, call.Media!.HeardMs(goodbye.Tag));
        Assert.Equal("completed", Assert.Single(fixture.TwilioApi.CallUpdates, u => u.CallSid == call.CallSid).Status);
        Assert.False(call.Media.ClosedByServer, "Twilio ended the stream, as it does for a call completed through the API");

        await call.PostStatusCallbackAsync("completed", 9);
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome != CallOutcome.Unspecified && c.Transcript.Count == 4,
            "the call to be completed in the core");
        Assert.Equal(CallOutcome.Information, stored.Outcome);
        Assert.Contains("time limit", stored.Summary, StringComparison.Ordinal);
        Assert.Equal((Speaker.Agent, Goodbye), stored.Transcript.OrderBy(t => t.Sequence).Select(t => (t.Speaker, t.Text)).Last());
    }

    [Fact]
    public async Task When_the_model_session_expires_the_caller_gets_an_apology_and_a_voicemail_and_the_call_is_completed()
    {
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("My kitchen drain is blocked, can someone come out?")
            .ExpireSession();

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 600);
        var next = await call.ConnectAction.Within("the connect action after the session expired");

        Assert.True(session.Expired);
        Assert.Equal(["Say", "Record", "Say", "Hangup"], next.Verbs());
        Assert.Contains("time limit", next.Says()[0], StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.TwilioApi.CallUpdates, u => u.CallSid == call.CallSid);
        Assert.DoesNotContain(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);

        await call.PostStatusCallbackAsync("completed", 30);
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome != CallOutcome.Unspecified && c.Transcript.Count == 2,
            "the call to be completed in the core");
        Assert.Equal(CallOutcome.Information, stored.Outcome);
        Assert.Contains("time limit", stored.Summary, StringComparison.Ordinal);
        Assert.Equal(
            [(Speaker.Agent, business.Greeting), (Speaker.Caller, "My kitchen drain is blocked, can someone come out?")],
            stored.Transcript.OrderBy(t => t.Sequence).Select(t => (t.Speaker, t.Text)));
    }
}
