using System.Net;
using System.Net.WebSockets;

namespace Coordi.Voice.Tests;

/// <summary>
/// Stopping the edge (a deploy) never cuts a caller off: new calls hear the busy message, live calls get the drain
/// time to finish, and after it the agent says goodbye, the call is hung up and everything reaches the core.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class ShutdownDrainTests(VoiceFixture fixture)
{
    private const string Goodbye = "Sorry, I have to end our call now. The team will call you back about the boiler. Goodbye!";

    [Fact]
    public async Task A_live_call_is_wrapped_up_after_the_drain_time_while_new_calls_are_turned_away()
    {
        await using var own = await fixture.StartOwnVoiceAsync(new Dictionary<string, string?> { ["Coordi:Voice:DrainSeconds"] = "1" });
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Can someone look at my boiler tomorrow?")
            .Agent("Sure, I'll note that down for the team.")
            .WhenAsked("service restart", Goodbye, ms: 1200);

        await using var call = await own.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 600);
        await call.AgentFinishedAsync(session);

        // Twilio is slow to confirm the hang-up, which keeps the edge draining while the test looks at it.
        var hangUps = fixture.TwilioApi.HoldCallUpdates();
        Task stopping;
        try
        {
            stopping = own.Voice.StopAsync();
            await Eventually.UntilAsync(() => hangUps.Waiting > 0, "the edge to hang up the live call after the drain time", TimeSpan.FromSeconds(45));

            var late = await own.Twilio.RingAsync(TestData.UsNumber(), business.Number);
            Assert.Equal(HttpStatusCode.OK, late.WebhookStatus);
            Assert.Equal(["Say", "Hangup"], late.Twiml!.Verbs());
            Assert.Contains("busy", late.Twiml!.Says()[0], StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, await MediaStreamStatusAsync(own.Voice));
        }
        finally
        {
            hangUps.Open();
        }

        await call.EndedThroughApi.WaitAsync(TimeSpan.FromSeconds(30));
        await stopping.WaitAsync(TimeSpan.FromSeconds(60));

        var goodbye = Assert.Single(session.Replies, r => r.Text == Goodbye);
        Assert.Equal(goodbye.TotalMs, call.Media!.HeardMs(goodbye.Tag));
        Assert.Equal("completed", Assert.Single(fixture.TwilioApi.CallUpdates, u => u.CallSid == call.CallSid).Status);

        // Written before the edge stopped: nothing waits in its outbox for a next start.
        Assert.Empty(Directory.EnumerateFiles(own.Voice.OutboxPath, "*.json"));
        var stored = await fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] });
        Assert.Equal(CallStatus.Completed, stored.Status);
        Assert.Equal(CallOutcome.Information, stored.Outcome);
        Assert.Contains("service restart", stored.Summary, StringComparison.Ordinal);
        Assert.Equal(
            [
                (Speaker.Agent, business.Greeting),
                (Speaker.Caller, "Can someone look at my boiler tomorrow?"),
                (Speaker.Agent, "Sure, I'll note that down for the team."),
                (Speaker.Agent, Goodbye),
            ],
            stored.Transcript.OrderBy(t => t.Sequence).Select(t => (t.Speaker, t.Text)));
    }

    /// <summary>The HTTP status a media stream WebSocket handshake gets.</summary>
    private static async Task<HttpStatusCode> MediaStreamStatusAsync(VoiceServer voice)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var url = new UriBuilder(voice.BaseAddress) { Scheme = "ws", Path = "/twilio/media" }.Uri;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));
        return socket.HttpStatusCode;
    }
}
