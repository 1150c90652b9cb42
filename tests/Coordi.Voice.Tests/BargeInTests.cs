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

    [Fact]
    public async Task Each_cut_reply_stops_where_the_caller_stopped_hearing_it_and_none_of_it_follows_the_clear()
    {
        const string FirstReply = "Yes, we install tank and tankless water heaters of every major brand, and we haul the old one away for free.";
        const string SecondReply = "We do fix leaks, from a dripping tap to a burst pipe behind a wall, usually on the same day you call us.";
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .DeltasAfterCancel()
            .Agent(business.Greeting, ms: 600)
            .Caller("Do you replace water heaters?")
            .Agent(FirstReply, ms: 3000, paced: true)
            .Caller("Sorry, and do you fix leaks?")
            .Agent(SecondReply, ms: 3000, paced: true)
            .Caller("Great, thanks, bye.")
            .Agent("Goodbye!", ms: 400, call: ScriptedCall.Of("end_call", new { reason = "caller is done" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        var media = call.Media!;
        await call.SayAsync(session, 600);

        // The caller cuts into both long replies, part way through each.
        await Eventually.UntilAsync(() => session.Replies.Count == 2 && media.HeardMs(session.Replies[1].Tag) >= 500, "500 ms of the first long reply to play");
        media.Speak(TimeSpan.FromMilliseconds(700));
        await Eventually.UntilAsync(() => session.Replies.Count == 3 && media.HeardMs(session.Replies[2].Tag) >= 900, "900 ms of the second long reply to play");
        media.Speak(TimeSpan.FromMilliseconds(700));
        await call.ConnectAction.Within("the call to end");

        var cut = new[] { session.Replies[1], session.Replies[2] };
        Assert.Equal(2, media.ClearsReceived);
        Assert.Equal(2, session.Truncations.Count);

        // Audio of both cancelled replies kept coming after their cancel, the first one's even after the second
        // cancel; none of it reached the caller after the clear.
        Assert.True(session.DeltasSentAfterCancel >= 3, $"{session.DeltasSentAfterCancel} deltas were sent after a cancel");
        for (var i = 0; i < cut.Length; i++)
        {
            Assert.True(cut[i].Cancelled, $"reply {i} was cancelled");
            Assert.Equal(media.ReceivedBytesAtClear(i, cut[i].Tag), media.ReceivedBytes(cut[i].Tag));
            Assert.Equal(media.HeardMsAtClear(i, cut[i].Tag), media.HeardMs(cut[i].Tag));

            // The model forgets the reply from the millisecond the caller stopped hearing it, give or take 20 ms.
            var truncation = session.Truncations[i];
            Assert.Equal(cut[i].ItemId, truncation.ItemId);
            Assert.InRange(truncation.AudioEndMs, media.PlayedMsAtClear(i, cut[i].Tag) - 20, media.PlayedMsAtClear(i, cut[i].Tag) + 20);
        }

        // The transcript holds only what the caller heard of each cut reply.
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 7,
            "the call and its seven turns to reach the core");
        var agentSaid = stored.Transcript.Where(t => t.Speaker == Speaker.Agent).OrderBy(t => t.Sequence).Select(t => t.Text).ToList();
        Assert.Equal(4, agentSaid.Count);
        Assert.Equal("Goodbye!", agentSaid[3]);
        for (var i = 0; i < cut.Length; i++)
        {
            var heard = agentSaid[i + 1];
            var expected = RealtimeSession.PartialText(cut[i].Text, session.Truncations[i].AudioEndMs * MuLawAudio.BytesPerMs, cut[i].TotalBytes);
            Assert.StartsWith(heard, cut[i].Text, StringComparison.Ordinal);
            Assert.True(heard.Length < cut[i].Text.Length, $"\"{heard}\" is shorter than the whole reply");
            Assert.InRange(Words(heard), Words(expected) - 1, Words(expected) + 1);
        }
    }

    [Fact]
    public async Task A_reply_generated_ahead_of_playback_is_kept_in_the_transcript_only_as_far_as_it_was_heard()
    {
        const string LongReply = "Yes, we install tank and tankless water heaters of every major brand, and we haul the old one away for free.";
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting, ms: 600)
            .Caller("Do you replace water heaters?")
            .Agent(LongReply, ms: 3000) // generated at once, as the real model does: Twilio holds seconds of it
            .Caller("Sorry, how much does that cost?")
            .Agent("Usually between fifteen hundred and four thousand dollars.", ms: 600)
            .Caller("Thanks, bye.")
            .Agent("Goodbye!", ms: 400, call: ScriptedCall.Of("end_call", new { reason = "caller is done" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        var media = call.Media!;
        await call.SayAsync(session, 600);
        await Eventually.UntilAsync(() => session.Replies.Count == 2 && media.HeardMs(session.Replies[1].Tag) >= 700, "700 ms of the long reply to play");
        media.Speak(TimeSpan.FromMilliseconds(700));
        await Eventually.UntilAsync(() => session.CallerTranscripts.Count == 2, "the model to hear the interruption");
        await call.SayAsync(session, 400);
        await call.ConnectAction.Within("the call to end");

        var cut = session.Replies[1];
        Assert.False(cut.Cancelled, "the whole reply had been generated before the caller cut in");
        var truncation = Assert.Single(session.Truncations);
        Assert.InRange(truncation.AudioEndMs, media.PlayedMsAtClear(0, cut.Tag) - 20, media.PlayedMsAtClear(0, cut.Tag) + 20);

        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 7,
            "the call and its seven turns to reach the core");
        var heard = stored.Transcript.Where(t => t.Speaker == Speaker.Agent).OrderBy(t => t.Sequence).Select(t => t.Text).ElementAt(1);
        var expected = RealtimeSession.PartialText(LongReply, truncation.AudioEndMs * MuLawAudio.BytesPerMs, cut.TotalBytes);
        Assert.StartsWith(heard, LongReply, StringComparison.Ordinal);
        Assert.InRange(Words(heard), Words(expected) - 1, Words(expected) + 1);
        Assert.True(Words(heard) < Words(LongReply) / 2, $"\"{heard}\" is what a caller hears in under a second");
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
