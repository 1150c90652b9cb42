using System.Net.WebSockets;
using System.Text;
using Coordi.Testing.Logging;

namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class MediaStreamTests(VoiceFixture fixture)
{
    [Fact]
    public async Task Malformed_and_oversized_frames_are_skipped_and_the_call_goes_on()
    {
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting, ms: 600)
            .Caller("Can you hear me?")
            .Agent("Yes, loud and clear.", ms: 800)
            .Caller("Great, bye.")
            .Agent("Bye!", ms: 400, call: ScriptedCall.Of("end_call", new { reason = "caller is done" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.AgentFinishedAsync(session);
        var media = call.Media!;
        var (voiceLogged, coreLogged) = (fixture.Voice.Logs.Checkpoint(), fixture.Core.Logs.Checkpoint());
        await media.SendRawAsync(Encoding.UTF8.GetBytes("{\"event\":\"media\",\"media\":{\"payload\":"));
        await media.SendRawAsync(Encoding.UTF8.GetBytes("{\"event\":\"wobble\",\"streamSid\":\"" + media.StreamSid + "\"}"));
        await media.SendRawAsync(Encoding.UTF8.GetBytes("{\"event\":\"media\",\"media\":{\"payload\":\"" + new string('A', 100 * 1024) + "\"}}"));
        await media.SendRawAsync(new byte[] { 0x00, 0xFF, 0x13, 0x37 }, WebSocketMessageType.Binary);
        await media.SendDtmfAsync('5');

        await call.SayAsync(session, 600);
        await call.SayAsync(session, 400);
        var next = await call.ConnectAction.Within("the call to end");

        Assert.Equal(["Hangup"], next.Verbs());
        Assert.Equal(session.Replies[1].TotalMs, media.HeardMs(session.Replies[1].Tag));
        Assert.Contains(session.UserMessages, m => m.Contains("pressed 5", StringComparison.Ordinal));
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 5,
            "the call to be completed");
        Assert.Equal(CallOutcome.Information, stored.Outcome);
        LogAssert.NoAlarmsSince("malformed frames in a live call", ("voice edge", fixture.Voice.Logs, voiceLogged), ("core", fixture.Core.Logs, coreLogged));
    }

    [Fact]
    public async Task A_media_stream_that_does_not_belong_to_an_answered_call_is_closed_and_changes_nothing()
    {
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker).Agent(business.Greeting, ms: 600);
        await using var call = await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number);

        foreach (var forge in new Action<Dictionary<string, string>>[]
        {
            p => p["token"] = new string('0', 64),
            p => p["callId"] = Guid.NewGuid().ToString(),
            p => p["tenantId"] = Guid.NewGuid().ToString(),
        })
        {
            await using var forged = await call.ConnectStreamAsync(forge);
            await forged.Closed.WaitAsync(Eventually.DefaultTimeout);
            Assert.True(forged.ClosedByServer, "the edge closed the stream");
            Assert.Equal(0, forged.MediaFramesReceived);
        }

        Assert.Empty(fixture.Realtime.SessionsFor(business.Marker));

        // The call's own stream still attaches afterwards: the forgeries did not claim it.
        await call.ConnectStreamAsync();
        var session = await script.Session.Within("the model session to open");
        await call.AgentFinishedAsync(session);
        Assert.Equal(600, call.Media!.HeardMs(session.Replies[0].Tag));
        await call.HangUpAsync();
        await call.PostStatusCallbackAsync("completed", 3);
        await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Outcome == CallOutcome.Abandoned,
            "the call the caller hung up on to be completed as abandoned");
        Assert.Single(fixture.Realtime.SessionsFor(business.Marker));
    }
}
