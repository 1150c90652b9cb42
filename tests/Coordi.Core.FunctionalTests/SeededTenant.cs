using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// An organization holding one of everything a tenant owns: a phone number, a completed call with a transcript
/// and a tool invocation, the lead captured on it, an appointment booked for that lead, a partner API key and
/// integration settings. Isolation tests aim one tenant's requests at another tenant's records.
/// </summary>
public sealed record SeededTenant(
    TenantClients Clients,
    string Marker,
    PhoneNumber Number,
    Call Call,
    Lead Lead,
    string LeadRequestId,
    Appointment Appointment,
    string AppointmentRequestId,
    ApiKey ApiKey,
    string ApiKeySecret,
    Timestamp FreeSlot)
{
    public string TenantId => Clients.TenantId;

    public static async Task<SeededTenant> CreateAsync(CoreFixture fixture, string name)
    {
        var clients = await fixture.NewTenantAsync(name);
        // A word found nowhere else, to search for with the text filters.
        var marker = "zq" + Guid.NewGuid().ToString("N")[..10];

        await clients.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest
        {
            Profile = SampleProfiles.OpenEveryDay(8, 17, leadTimeMinutes: 0),
        });
        var number = await clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = "Main line" });

        var call = await clients.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = TestData.UsNumber(),
            ToNumber = number.E164,
            StartedAt = Timestamp.FromDateTime(DateTime.UtcNow.AddMinutes(-5)),
        });
        await clients.Calls.AppendTranscriptTurnsAsync(new AppendTranscriptTurnsRequest
        {
            CallId = call.Id,
            Turns =
            {
                Turn(0, Speaker.Agent, $"Thanks for calling {name}, how can I help?"),
                Turn(1, Speaker.Caller, $"My water heater is leaking, my reference is {marker}."),
            },
        });
        await clients.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
        {
            CallId = call.Id,
            ToolCallId = "call_" + marker,
            Name = "create_lead",
            ArgumentsJson = $$"""{"name": "Dana {{marker}}"}""",
            ResultJson = """{"ok": true}""",
            Status = ToolInvocationStatus.Succeeded,
            DurationMs = 140,
        });

        var leadRequestId = "lead-" + marker;
        var lead = await clients.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = leadRequestId,
            Name = "Dana " + marker,
            Phone = call.FromNumber,
            Service = "Water heater replacement",
            Notes = marker,
            CallId = call.Id,
        });

        // Seeded tenants share hours and zone and book the first slot of the same day, so the second slot of
        // one seeded tenant is free for every other seeded tenant as well.
        var slots = await TwoSlotsAsync(clients);
        var appointmentRequestId = "appt-" + marker;
        var appointment = await clients.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = appointmentRequestId,
            Start = slots[0].Start,
            LeadId = lead.Id,
            CallId = call.Id,
            Notes = marker,
        });
        // Completed by the voice edge, the one writer of recording references, so the call has a recording to link to.
        var completed = await new CallService.CallServiceClient(fixture.Core.AsVoice(clients.TenantId)).CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = CallOutcome.Booked,
            DurationSeconds = 180,
            Summary = $"Booked an estimate ({marker}).",
            RecordingRef = $"s3:recordings/{Guid.Parse(clients.TenantId):N}/{Guid.Parse(call.Id):N}.wav",
        });

        var key = await clients.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm-sync", Scope = ApiKeyScope.ReadWrite });
        await clients.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest
        {
            OpenaiModel = "gpt-realtime",
            WebhookUrl = $"https://{marker}.example.com/hooks",
            WebhookSecret = "whsec-" + marker,
        });

        return new SeededTenant(clients, marker, number, completed, lead, leadRequestId, appointment, appointmentRequestId, key.ApiKey, key.Secret, slots[1].Start);
    }

    private static async Task<IReadOnlyList<Slot>> TwoSlotsAsync(TenantClients clients)
    {
        var from = DateTime.UtcNow.Date.AddDays(3);
        var availability = await clients.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest
        {
            From = Timestamp.FromDateTime(from),
            To = Timestamp.FromDateTime(from.AddDays(1)),
            MaxSlots = 2,
        });
        Assert.Equal(2, availability.Slots.Count);
        return availability.Slots;
    }

    private static TranscriptTurn Turn(int sequence, Speaker speaker, string text) => new()
    {
        Sequence = sequence,
        Speaker = speaker,
        Text = text,
        OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow),
    };
}
