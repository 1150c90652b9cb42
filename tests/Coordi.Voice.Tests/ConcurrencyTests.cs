namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class ConcurrencyTests(VoiceFixture fixture)
{
    [Fact]
    public async Task A_call_beyond_the_organizations_concurrent_call_cap_hears_the_busy_message()
    {
        var business = await fixture.NewBusinessAsync();
        var clients = fixture.Clients(business);
        await clients.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Name = business.Organization.Name,
            TimeZone = business.Organization.TimeZone,
            ConcurrentCallCap = 1,
        });
        var script = fixture.Realtime.Expect(business.Marker).Agent(business.Greeting, ms: 600);

        await using var first = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the first call's model session to open");
        await first.AgentFinishedAsync(session);
        var second = await fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number);

        Assert.Equal(System.Net.HttpStatusCode.OK, second.WebhookStatus);
        Assert.Equal(["Say", "Hangup"], second.Twiml!.Verbs());
        Assert.Contains("lines are busy", second.Twiml!.Says()[0], StringComparison.Ordinal);
        Assert.Single(fixture.Realtime.SessionsFor(business.Marker));

        // Once the first call ends, the line is free again.
        await first.HangUpAsync();
        await Eventually.GetAsync(
            () => fixture.Twilio.RingAsync(TestData.UsNumber(), business.Number),
            c => c.StreamUrl is not null,
            "a new call to be admitted after the first ended");
        await Eventually.GetAsync(
            () => clients.Calls.ListCallsAsync(new ListCallsRequest()).ResponseAsync,
            r => r.Calls.Any(c => c.TwilioCallSid == second.CallSid && c.Status == CallStatus.Missed),
            "the busy call to be recorded as missed");
    }

    [Fact]
    public async Task Two_businesses_called_at_once_each_get_their_own_agent_and_their_own_leads()
    {
        var acme = await fixture.NewBusinessAsync();
        var bolt = await fixture.NewBusinessAsync();

        var calls = await Task.WhenAll(CallWithLeadAsync(acme, "Ada Acme"), CallWithLeadAsync(bolt, "Bo Bolt"));

        foreach (var (business, other, session, name) in new[] { (acme, bolt, calls[0], "Ada Acme"), (bolt, acme, calls[1], "Bo Bolt") })
        {
            Assert.Contains(business.Organization.Name, session.Instructions);
            Assert.DoesNotContain(other.Marker, session.Instructions);
            Assert.Contains(business.Greeting, session.ResponseRequests[0]);
            var leads = await Eventually.GetAsync(
                () => fixture.Clients(business).Leads.ListLeadsAsync(new ListLeadsRequest()).ResponseAsync,
                r => r.Leads.Count > 0,
                $"the lead of {business.Organization.Name}");
            Assert.Equal(name, Assert.Single(leads.Leads).Name);
        }
    }

    private async Task<RealtimeSession> CallWithLeadAsync(Business business, string name)
    {
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller($"Hi, I'm {name}, call me back on 512 555 0143.")
            .Agent("Thanks, saving that.", call: ScriptedCall.Of("create_lead", new { name, phone = "512 555 0143" }))
            .Agent("Saved. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "done" }));
        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within($"the model session of {business.Organization.Name}");
        await call.SayAsync(session, 700);
        await call.ConnectAction.Within($"the call to {business.Organization.Name} to end");
        return session;
    }
}
