namespace Coordi.Voice.Tests;

/// <summary>Each organization decides whether its calls are recorded; the edge records only where it may.</summary>
[Collection(VoiceCollection.Name)]
public sealed class RecordingPolicyTests(VoiceFixture fixture)
{
    [Fact]
    public async Task A_tenant_with_recording_off_gets_no_recording_and_one_with_recording_on_does()
    {
        var unrecorded = await fixture.NewBusinessAsync();
        await fixture.Clients(unrecorded).Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Name = unrecorded.Organization.Name,
            TimeZone = unrecorded.Organization.TimeZone,
            RecordingEnabled = false,
        });
        var recorded = await fixture.NewBusinessAsync();

        var (offCall, offSession) = await ShortCallAsync(unrecorded);
        var (onCall, onSession) = await ShortCallAsync(recorded);

        var off = await CompletedAsync(unrecorded, offCall);
        Assert.Equal("", off.RecordingRef);
        Assert.Empty(await StoredRecordings.KeysOfTenantAsync(fixture.Voice, unrecorded.TenantId));
        Assert.Empty(WorkFiles(off.Id));
        Assert.DoesNotContain("recorded", offSession.ResponseRequests[0], StringComparison.Ordinal);

        var on = await CompletedAsync(recorded, onCall);
        var key = StoredRecordings.KeyOf(recorded.TenantId, on.Id);
        Assert.Equal("s3:" + key, on.RecordingRef);
        Assert.Equal([key], await StoredRecordings.KeysOfTenantAsync(fixture.Voice, recorded.TenantId));
        // Uploaded, then gone from the pod's disk: nothing of the call is left in the work folder.
        Assert.Empty(WorkFiles(on.Id));
        Assert.Contains("may be recorded", onSession.ResponseRequests[0], StringComparison.Ordinal);
    }

    private async Task<(EmulatedCall Call, RealtimeSession Session)> ShortCallAsync(Business business)
    {
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("What are your opening hours?")
            .Agent("We're open seven to seven, every day. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "question answered" }));
        var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 500);
        Assert.Equal(["Hangup"], (await call.ConnectAction.Within("the agent to end the call")).Verbs());
        await call.PostStatusCallbackAsync("completed", 12);
        await call.DisposeAsync();
        return (call, session);
    }

    private Task<Call> CompletedAsync(Business business, EmulatedCall call) => Eventually.GetAsync(
        () => fixture.Clients(business).Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
        c => c.Status == CallStatus.Completed && c.Outcome == CallOutcome.Information && c.Transcript.Count == 3,
        "the call to be completed in the core");

    /// <summary>Files the recorder left in its work folder for the call (its tracks are deleted once mixed).</summary>
    private IEnumerable<string> WorkFiles(string callId)
    {
        var work = fixture.Voice.RecordingsPath;
        return Directory.Exists(work) ? Directory.EnumerateFiles(work, callId + "*") : [];
    }
}
