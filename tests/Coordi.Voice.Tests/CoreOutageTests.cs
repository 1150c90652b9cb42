namespace Coordi.Voice.Tests;

/// <summary>
/// The core goes down mid-call. The caller's details are kept in the edge's outbox and reach the core once it is
/// back, even when the edge itself restarts in between.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class CoreOutageTests(VoiceFixture fixture)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_lead_taken_while_the_core_is_down_arrives_when_it_comes_back()
    {
        var business = await fixture.NewBusinessAsync();
        var (call, session) = await TakeLeadWhileCoreIsDownAsync(business);
        try
        {
            await fixture.StartCoreAsync();
            await AssertLeadArrivesAsync(business, call);
        }
        finally
        {
            await fixture.StartCoreAsync();
            await call.DisposeAsync();
        }

        Assert.True(session.FunctionOutputs[0].Json.GetProperty("saved").GetBoolean());
    }

    [Fact]
    public async Task A_queued_lead_survives_a_restart_of_the_voice_edge()
    {
        var business = await fixture.NewBusinessAsync();
        var (call, _) = await TakeLeadWhileCoreIsDownAsync(business);
        try
        {
            await call.DisposeAsync();
            await fixture.RestartVoiceAsync();
            await fixture.StartCoreAsync();
            await AssertLeadArrivesAsync(business, call);
        }
        finally
        {
            await fixture.StartCoreAsync();
        }
    }

    /// <summary>The call starts with the core up; the core then stops, and the caller gives their details and hangs up.</summary>
    private async Task<(EmulatedCall Call, RealtimeSession Session)> TakeLeadWhileCoreIsDownAsync(Business business)
    {
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("This is Dana Smith, 512 555 0143, my sink is blocked.")
            .Agent("Thanks Dana, saving your details.", call: ScriptedCall.Of("create_lead", new { name = "Dana Smith", phone = "512 555 0143", service = "Drain cleaning" }))
            .Agent("All saved, the team will call you back. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "details taken" }));
        var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        try
        {
            var session = await script.Session.Within("the model session to open");
            await call.AgentFinishedAsync(session);
            await fixture.StopCoreAsync();
            await call.SayAsync(session, 800);
            var next = await call.ConnectAction.Within("the call to end");
            Assert.Equal(["Hangup"], next.Verbs());
            var output = Assert.Single(session.FunctionOutputs, o => o.CallId == session.FunctionCalls[0].CallId).Json;
            Assert.True(output.GetProperty("ok").GetBoolean(), "the lead tool tells the model the details are safe");
            return (call, session);
        }
        catch
        {
            await fixture.StartCoreAsync();
            await call.DisposeAsync();
            throw;
        }
    }

    private async Task AssertLeadArrivesAsync(Business business, EmulatedCall call)
    {
        var clients = fixture.Clients(business);
        var leads = await Eventually.GetAsync(
            () => clients.Leads.ListLeadsAsync(new ListLeadsRequest()).ResponseAsync,
            r => r.Leads.Count > 0,
            "the queued lead to reach the core",
            Recovery);
        var lead = Assert.Single(leads.Leads);
        Assert.Equal(("Dana Smith", "+15125550143", call.StreamParameters["callId"]), (lead.Name, lead.Phone, lead.CallId));

        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = call.StreamParameters["callId"] }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 4,
            "the rest of the call to reach the core",
            Recovery);
        Assert.Equal(CallOutcome.Lead, stored.Outcome);
        Assert.Equal([lead.Id], stored.LeadIds);
    }
}
