namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class OpenAiDropTests(VoiceFixture fixture)
{
    [Fact]
    public async Task When_the_model_connection_drops_mid_call_the_caller_is_offered_voicemail_and_the_owner_is_told()
    {
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Hello, I need a plumber.")
            .DropConnection();

        await using var call = await fixture.Twilio.DialAsync(caller, business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 600);
        var next = await call.ConnectAction.Within("the connect action after the drop");

        Assert.True(session.Dropped);
        Assert.Equal(["Say", "Record", "Say", "Hangup"], next.Verbs());
        Assert.Contains("assistant is unavailable", next.Says()[0], StringComparison.Ordinal);
        var alert = Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        Assert.Equal(business.Number, alert.From);
        Assert.Contains(caller, alert.Body);

        await call.PostStatusCallbackAsync("completed", 20);
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Outcome == CallOutcome.Voicemail && c.Status == CallStatus.Completed,
            "the call to be completed as a voicemail");
        Assert.Contains("voicemail", stored.Summary, StringComparison.Ordinal);
    }
}
