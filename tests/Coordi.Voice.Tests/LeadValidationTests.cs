using Coordi.Voice.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Voice.Tests;

/// <summary>
/// The agent only tells a caller "saved" for a lead the core will take: the edge checks it with the core's own
/// rules first, and what fails goes back to the model as what to ask again.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class LeadValidationTests(VoiceFixture fixture)
{
    [Fact]
    public async Task An_invalid_phone_number_is_not_saved_and_the_model_is_told_to_ask_again()
    {
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Dana Smith, my number is 555 12.")
            .Agent("Thanks Dana, saving your details.", call: ScriptedCall.Of("create_lead", new { name = "Dana Smith", phone = "555-12", service = "Drains" }))
            .Agent("Sorry, could you give me your whole number with the area code?")
            .Caller("512 555 0143.")
            .Agent("Thanks, saving that.", call: ScriptedCall.Of("create_lead", new { name = "Dana Smith", phone = "512 555 0143", service = "Drains" }))
            .Agent("All saved. Goodbye!", call: ScriptedCall.Of("end_call", new { reason = "details taken" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 800);
        await call.SayAsync(session, 600);
        Assert.Equal(["Hangup"], (await call.ConnectAction.Within("the call to end")).Verbs());

        var refused = session.FunctionOutputs[0].Json;
        Assert.False(refused.GetProperty("ok").GetBoolean());
        Assert.False(refused.TryGetProperty("saved", out _));
        Assert.Equal(
            "The phone number 555-12 is not a valid number. Nothing was saved; ask the caller to repeat it, with the area code.",
            refused.GetProperty("error").GetString());
        Assert.True(session.FunctionOutputs[1].Json.GetProperty("saved").GetBoolean());

        var clients = fixture.Clients(business);
        var leads = await Eventually.GetAsync(() => clients.Leads.ListLeadsAsync(new ListLeadsRequest()).ResponseAsync, r => r.Leads.Count > 0, "the lead to be stored");
        var lead = Assert.Single(leads.Leads);
        Assert.Equal(("Dana Smith", "+15125550143"), (lead.Name, lead.Phone));
    }

    [Fact]
    public async Task A_nul_in_the_lead_tool_arguments_blocks_nothing_and_the_call_completes()
    {
        var business = await fixture.NewBusinessAsync();
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("This is Dana Smith, 512 555 0143, my sink is blocked.")
            .Agent("Thanks Dana, saving your details.", call: ScriptedCall.Of("create_lead", new { name = "Dana\0 Smith", phone = "512 555 0143", notes = "Blocked\0 sink" }))
            .Agent("All saved, goodbye!", call: ScriptedCall.Of("end_call", new { reason = "details taken" }));

        await using var call = await fixture.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 800);
        Assert.Equal(["Hangup"], (await call.ConnectAction.Within("the call to end")).Verbs());
        Assert.True(session.FunctionOutputs[0].Json.GetProperty("saved").GetBoolean());

        var clients = fixture.Clients(business);
        var id = call.StreamParameters["callId"];
        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = id }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 4 && c.ToolInvocations.Any(t => t.Name == "end_call")
                && c.ToolInvocations.Any(t => t.Name == "create_lead"),
            "the call, its transcript and its tool records to reach the core");
        Assert.Equal(CallOutcome.Lead, stored.Outcome);

        // The tool's record is kept without the NUL rather than refused and parked.
        var record = Assert.Single(stored.ToolInvocations, t => t.Name == "create_lead");
        Assert.DoesNotContain("\\u0000", record.ArgumentsJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(stored.ToolInvocations, t => t.Name == ParkedNote.Name);
        Assert.DoesNotContain(fixture.Voice.Services.GetRequiredService<DurableOutbox>().Parked(), p => p.Entry.CallId == id);

        // The NUL the model sent is not what the caller said: the lead is stored without it.
        var lead = Assert.Single((await clients.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
        Assert.Equal(("Dana Smith", "+15125550143", "Blocked sink", id), (lead.Name, lead.Phone, lead.Notes, lead.CallId));
        Assert.DoesNotContain(fixture.Voice.Services.GetRequiredService<DurableOutbox>().Pending(), p => p.Entry.CallId == id);
    }
}
