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
}
