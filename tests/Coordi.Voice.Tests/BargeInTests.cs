namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class BargeInTests(VoiceFixture fixture)
{
    [Fact]
    public async Task A_caller_who_talks_over_the_agent_stops_the_reply_where_they_interrupted_it()
    {
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting, ms: 600)
            .Caller("Do you replace water heaters?")
            .Agent("Yes, we install tank and tankless water heaters of every major brand, and we haul the old one away.", ms: 3000, paced: true)
            .Caller("Sorry, how much does that cost?")
            .Agent("Usually between fifteen hundred and four thousand dollars.", ms: 600)
            .Caller("Thanks, bye.")
            .Agent("Goodbye!", ms: 400, call: ScriptedCall.Of("end_call", new { reason = "caller is done" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 600);

        // The long reply plays in real time; the caller cuts in once 600 ms of it has been heard.
        await Eventually.UntilAsync(() => session.Replies.Count == 2, "the long reply to start");
        var interrupted = session.Replies[1];
        var media = call.Media!;
        await Eventually.UntilAsync(() => media.HeardMs(interrupted.Tag) >= 600, "600 ms of the long reply to play");
        media.Speak(TimeSpan.FromMilliseconds(700));
        await Eventually.UntilAsync(() => session.CallerTranscripts.Count == 2, "the model to hear the interruption");
        await call.SayAsync(session, 400);
        await call.ConnectAction.Within("the call to end");

        // Twilio was told to drop the queued audio, and nothing of the interrupted reply played after that.
        Assert.Equal(1, media.ClearsReceived);
        var heardAtClear = media.HeardMsAtClear(0, interrupted.Tag);
        Assert.Equal(heardAtClear, media.HeardMs(interrupted.Tag));
        Assert.InRange(heardAtClear, 600, interrupted.TotalMs - 1);

        // The model was stopped, and its memory of the reply cut where the caller stopped hearing it.
        Assert.True(session.CancelRequests >= 1, "response.cancel was sent");
        Assert.True(interrupted.Cancelled, "the model stopped generating the reply");
        Assert.True(interrupted.BytesSent < interrupted.TotalBytes, "the rest of the reply was never generated");
        var truncation = Assert.Single(session.Truncations);
        Assert.Equal(interrupted.ItemId, truncation.ItemId);
        Assert.InRange(truncation.AudioEndMs, 400, 900);

        // The conversation went on normally: the answer to the interruption was heard in full.
        Assert.Equal(session.Replies[2].TotalMs, media.HeardMs(session.Replies[2].Tag));
    }
}
