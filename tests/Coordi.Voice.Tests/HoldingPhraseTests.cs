namespace Coordi.Voice.Tests;

/// <summary>While a slow tool runs, the caller hears the agent say it is still working rather than dead air.</summary>
[Collection(VoiceCollection.Name)]
public sealed class HoldingPhraseTests(VoiceFixture fixture)
{
    [Fact]
    public async Task While_a_slow_tool_runs_the_caller_hears_a_holding_phrase_and_then_the_answer()
    {
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var text = $"{business.Organization.Name}: 12 Oak Street, Austin. Reply STOP to opt out.";
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Could you text me your address?")
            .Agent("Sure, sending it now.", ms: 400, call: ScriptedCall.Of("send_sms", new { message = text }))
            .Agent("Sent! You should have it in a moment.", ms: 600);

        await using var call = await fixture.Twilio.DialAsync(caller, business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.AgentFinishedAsync(session);

        // Twilio's SMS API is slow today: the text is held until the caller has heard the holding phrase.
        var sms = fixture.TwilioApi.HoldMessages();
        try
        {
            await call.SayAsync(session, 600);
            await Eventually.UntilAsync(() => sms.Waiting > 0, "the text to be on its way");
            await Eventually.UntilAsync(
                () => session.OutOfBandReplies.Count == 1 && call.Media!.HeardMs(RealtimeSession.HoldingPhraseTag) >= session.OutOfBandReplies[0].TotalMs,
                "the caller to hear the holding phrase");
            Assert.Empty(session.FunctionOutputs); // the tool had not answered yet
        }
        finally
        {
            sms.Open();
        }

        await call.AgentFinishedAsync(session);

        // The phrase was spoken outside the conversation, with no tool, and did not answer the function call.
        var holding = Assert.Single(session.AllResponseRequests, r => r.OutOfBand);
        Assert.Equal(("none", "filler"), (holding.ToolChoice, holding.Purpose));
        var output = Assert.Single(session.FunctionOutputs);
        Assert.Equal(session.FunctionCalls[0].CallId, output.CallId);
        Assert.True(output.Json.GetProperty("sent").GetBoolean());
        var requests = session.AllResponseRequests.ToList();
        Assert.True(requests.IndexOf(holding) < requests.Count - 1, "the answer was asked for after the holding phrase");
        Assert.Null(requests[^1].Instructions);
        Assert.False(requests[^1].OutOfBand);

        var answer = session.Replies[^1];
        Assert.Equal("Sent! You should have it in a moment.", answer.Text);
        Assert.Equal(answer.TotalMs, call.Media!.HeardMs(answer.Tag));
        Assert.Single(fixture.TwilioApi.Messages, m => m.To == caller && m.Body == text);

        // The holding phrase is not part of the conversation's transcript.
        await call.HangUpAsync();
        await call.PostStatusCallbackAsync("completed", 15);
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome != CallOutcome.Unspecified && c.Transcript.Count == 4,
            "the call to reach the core");
        Assert.Equal(
            ["Sure, sending it now.", "Sent! You should have it in a moment."],
            stored.Transcript.Where(t => t.Speaker == Speaker.Agent).OrderBy(t => t.Sequence).Skip(1).Select(t => t.Text));
    }

    [Fact]
    public async Task A_holding_phrase_that_has_not_started_when_the_tool_answers_is_cancelled_unheard()
    {
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Please text me a reminder.")
            .Agent(ScriptedCall.Of("send_sms", new { message = "Reminder: your plumber visit." }))
            .Agent("Done, the reminder is on its way.", ms: 600);
        var slowPhrase = script.HoldOutOfBandResponses();

        await using var call = await fixture.Twilio.DialAsync(caller, business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.AgentFinishedAsync(session);
        var sms = fixture.TwilioApi.HoldMessages();
        try
        {
            await call.SayAsync(session, 500);
            await Eventually.UntilAsync(() => session.AllResponseRequests.Any(r => r.OutOfBand), "the holding phrase to be asked for");
        }
        finally
        {
            sms.Open();
        }

        // The tool answers before the model has begun the phrase; only then does the phrase start.
        await Eventually.UntilAsync(() => session.FunctionOutputs.Count == 1, "the tool's output");
        slowPhrase.Open();
        await call.AgentFinishedAsync(session);

        Assert.Equal(1, session.CancelRequests);
        Assert.Equal(0, call.Media!.ReceivedBytes(RealtimeSession.HoldingPhraseTag));
        var answer = session.Replies[^1];
        Assert.Equal("Done, the reminder is on its way.", answer.Text);
        Assert.Equal(answer.TotalMs, call.Media.HeardMs(answer.Tag));
        Assert.False(session.AllResponseRequests[^1].OutOfBand);
    }
}
