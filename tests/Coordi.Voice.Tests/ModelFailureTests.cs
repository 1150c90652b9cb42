using System.Diagnostics;

namespace Coordi.Voice.Tests;

/// <summary>When the model fails mid-call the caller hears an apology and can leave a voicemail, rather than silence.</summary>
[Collection(VoiceCollection.Name)]
public sealed class ModelFailureTests(VoiceFixture fixture)
{
    // The edge promises two seconds; the margin covers a loaded test machine, not a slower edge.
    private static readonly TimeSpan NoDeadAirBound = TimeSpan.FromSeconds(2);

    [Fact]
    public Task A_failed_response_hands_the_caller_to_voicemail_and_the_call_says_why() =>
        FailsOverAsync(script => script.FailResponse("server_error"), "server_error");

    [Fact]
    public Task An_error_event_such_as_exhausted_quota_hands_the_caller_to_voicemail_and_the_call_says_why() =>
        FailsOverAsync(script => script.ErrorInstead("insufficient_quota"), "insufficient_quota");

    private async Task FailsOverAsync(Action<RealtimeScript> fail, string code)
    {
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Hello, I need a plumber.");
        fail(script);

        await using var call = await fixture.Twilio.DialAsync(caller, business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 600);

        // The edge closes the stream soon after the failure, so Twilio asks what to do next.
        await call.Media!.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEqual(0, session.FailedAt);
        Assert.InRange(Stopwatch.GetElapsedTime(session.FailedAt), TimeSpan.Zero, NoDeadAirBound);
        Assert.True(call.Media.ClosedByServer, "the edge closed the stream");

        // The next TwiML apologises and records a voicemail; the owner is texted about the caller.
        var next = await call.ConnectAction.Within("the connect action after the failure");
        Assert.Equal(["Say", "Record", "Say", "Hangup"], next.Verbs());
        Assert.Contains("assistant is unavailable", next.Says()[0], StringComparison.Ordinal);
        var alert = Assert.Single(fixture.TwilioApi.Messages, m => m.To == business.Owner.Phone);
        Assert.Contains(caller, alert.Body);

        // The call's record says it went to voicemail, and why.
        await call.PostStatusCallbackAsync("completed", 10);
        var stored = await Eventually.GetAsync(
            () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Outcome == CallOutcome.Voicemail && c.Status == CallStatus.Completed,
            "the call to be completed as a voicemail");
        Assert.Contains("voicemail", stored.Summary, StringComparison.Ordinal);
        Assert.Contains($"The assistant's AI service failed: {code}", stored.Summary, StringComparison.Ordinal);
        Assert.Null(session.Fault);
    }
}
