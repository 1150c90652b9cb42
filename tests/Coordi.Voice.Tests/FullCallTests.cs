using System.Buffers.Binary;
using System.Text.Json;

namespace Coordi.Voice.Tests;

[Collection(VoiceCollection.Name)]
public sealed class FullCallTests(VoiceFixture fixture)
{
    [Fact]
    public async Task A_caller_books_an_estimate_and_gets_a_text_and_the_core_has_the_whole_call()
    {
        var business = await fixture.NewBusinessAsync();
        var caller = TestData.UsNumber();
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var confirmation = $"{business.Organization.Name}: your free estimate is booked. Reply STOP to opt out.";
        var script = fixture.Realtime.Expect(business.Marker)
            .Agent(business.Greeting)
            .Caller("Hi, my water heater is leaking and I'd like an estimate.")
            .Agent("I can help with that. May I have your name, number and address?")
            .Caller("Dana Smith, 512 555 0143, 12 Oak Street, Austin.")
            .Agent("Thanks Dana, that's 512 555 0143 at 12 Oak Street. Saving your details.", call: ScriptedCall.Of("create_lead", new
            {
                name = "Dana Smith",
                phone = "512 555 0143",
                address = "12 Oak Street, Austin",
                service = "Water heater replacement",
                urgency = "high",
            }))
            .Agent("Let me check the calendar.", ms: 400, call: ScriptedCall.Of("check_availability", new { from_date = today, days = 3 }))
            .Agent(new ScriptedCall("book_estimate", slots => new { slot_start = slots!.Value.GetProperty("slots")[0].GetString(), notes = "Leaking water heater" }))
            .Agent("You're booked. Shall I text you a confirmation?")
            .Caller("Yes please.")
            .Agent("Sending it now.", ms: 400, call: ScriptedCall.Of("send_sms", new { message = confirmation }))
            .Agent("Done. Anything else?", ms: 500)
            .Caller("No, that's all, thanks.")
            .Agent("Thanks for calling, goodbye!", ms: 600, call: ScriptedCall.Of("end_call", new { reason = "caller is done" }));

        await using var call = await fixture.Twilio.DialAsync(caller, business.Number);
        var session = await script.Session.Within("the model session to open");
        await call.SayAsync(session, 900);
        await call.SayAsync(session, 1200);
        await call.SayAsync(session, 400);
        await call.SayAsync(session, 500);
        var next = await call.ConnectAction.Within("the connect action after the agent hung up");
        Assert.Equal(["Hangup"], next.Verbs());
        Assert.Equal(System.Net.HttpStatusCode.NoContent, await call.PostStatusCallbackAsync("completed", 42));

        // The agent spoke first, and the model was set up for telephone audio with the business's own prompt.
        Assert.True(call.Media!.FirstHeardAtMs >= 0 && call.Media.FirstHeardAtMs < call.Media.FirstSpokeAtMs, "the agent greets before the caller speaks");
        Assert.Contains(business.Greeting, session.ResponseRequests[0]);
        Assert.Equal("audio/pcmu", session.InputAudioFormat);
        Assert.Equal("audio/pcmu", session.OutputAudioFormat);
        Assert.Equal("coral", session.Voice);
        Assert.Contains(business.Organization.Name, session.Instructions);
        Assert.Equal(["create_lead", "check_availability", "book_estimate", "send_sms", "escalate_to_human", "end_call"], session.Tools);
        Assert.All(session.FunctionOutputs, o => Assert.True(o.Json.GetProperty("ok").GetBoolean(), o.Output));

        // The confirmation went by SMS from the number the caller dialled.
        var sms = Assert.Single(fixture.TwilioApi.Messages, m => m.To == caller);
        Assert.Equal((business.Number, confirmation, VoiceServer.TwilioAccountSid), (sms.From, sms.Body, sms.AccountSid));

        var clients = fixture.Clients(business);
        var id = call.StreamParameters["callId"];
        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = id }).ResponseAsync,
            c => c.Outcome == CallOutcome.Booked && c.Transcript.Count == 12 && c.ToolInvocations.Count == 5 && c.RecordingRef.Length > 0,
            "the call to reach the core");
        Assert.Equal(CallStatus.Completed, stored.Status);
        Assert.Equal(call.CallSid, stored.TwilioCallSid);
        Assert.Equal(
            [
                (Speaker.Agent, business.Greeting),
                (Speaker.Caller, "Hi, my water heater is leaking and I'd like an estimate."),
                (Speaker.Agent, "I can help with that. May I have your name, number and address?"),
                (Speaker.Caller, "Dana Smith, 512 555 0143, 12 Oak Street, Austin."),
                (Speaker.Agent, "Thanks Dana, that's 512 555 0143 at 12 Oak Street. Saving your details."),
                (Speaker.Agent, "Let me check the calendar."),
                (Speaker.Agent, "You're booked. Shall I text you a confirmation?"),
                (Speaker.Caller, "Yes please."),
                (Speaker.Agent, "Sending it now."),
                (Speaker.Agent, "Done. Anything else?"),
                (Speaker.Caller, "No, that's all, thanks."),
                (Speaker.Agent, "Thanks for calling, goodbye!"),
            ],
            stored.Transcript.OrderBy(t => t.Sequence).Select(t => (t.Speaker, t.Text)));
        Assert.Equal(Enumerable.Range(0, 12), stored.Transcript.Select(t => t.Sequence).Order());
        Assert.Equal(
            ["book_estimate", "check_availability", "create_lead", "end_call", "send_sms"],
            stored.ToolInvocations.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(stored.ToolInvocations, t => Assert.Equal(ToolInvocationStatus.Succeeded, t.Status));
        Assert.True(stored.Latency.FirstGreetingMs > 0, "first greeting latency is measured");
        Assert.True(stored.Latency.TurnsMeasured > 0, "response latency is measured");

        // The lead is linked to the call, and the appointment to both.
        var leadId = Assert.Single(stored.LeadIds);
        var lead = await clients.Leads.GetLeadAsync(new GetLeadRequest { Id = leadId });
        Assert.Equal(("Dana Smith", "+15125550143", id, Urgency.High), (lead.Name, lead.Phone, lead.CallId, lead.Urgency));
        var appointment = Assert.Single((await clients.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { LeadId = leadId })).Appointments);
        Assert.Equal((id, AppointmentStatus.Booked), (appointment.CallId, appointment.Status));
        var offered = session.FunctionOutputs[1].Json.GetProperty("slots")[0].GetString();
        Assert.Equal(DateTimeOffset.Parse(offered!, System.Globalization.CultureInfo.InvariantCulture), appointment.Start.ToDateTimeOffset());

        // Played as the owner does: through a link the core signed, from the bucket, via the edge.
        using var played = await StoredRecordings.FetchAsync(fixture, business, id);
        Assert.Equal(System.Net.HttpStatusCode.OK, played.StatusCode);
        Assert.Equal("audio/wav", played.Content.Headers.ContentType?.MediaType);
        AssertStereoRecording(await played.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A 16-bit PCM stereo WAV at 8 kHz with the caller's speech on the left and the agent on the right.</summary>
    private static void AssertStereoRecording(byte[] wav)
    {
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal("WAVE", System.Text.Encoding.ASCII.GetString(wav, 8, 4));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(20)));
        Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(22)));
        Assert.Equal(8000u, BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(24)));
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(wav.AsSpan(34)));
        var dataBytes = BinaryPrimitives.ReadUInt32LittleEndian(wav.AsSpan(40));
        Assert.Equal(wav.Length - 44, (int)dataBytes);
        long left = 0, right = 0;
        for (var i = 44; i + 3 < wav.Length; i += 4)
        {
            left += BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(i)) != 0 ? 1 : 0;
            right += BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(i + 2)) != 0 ? 1 : 0;
        }

        // The caller spoke for 3 s and the agent for several seconds; both channels carry at least that much sound.
        Assert.True(left >= 2 * 8000, $"caller channel has speech ({left} samples)");
        Assert.True(right >= 4 * 8000, $"agent channel has speech ({right} samples)");
    }
}
