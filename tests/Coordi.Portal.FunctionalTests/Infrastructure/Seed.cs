using Google.Protobuf.WellKnownTypes;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>Puts calls and leads into the core the way the voice edge records them.</summary>
public static class Seed
{
    public sealed record SeededCall(Call Call, Lead Lead);

    /// <summary>
    /// A completed call with a transcript, a tool use, a recording, latency figures and the lead it produced. The
    /// completion comes from the voice edge's credential at <paramref name="server"/>: only it may name a recording.
    /// </summary>
    public static async Task<SeededCall> CallWithLeadAsync(CoreServer server, TenantClients core, string callerName = "Dana Smith", string summary = "Leaking water heater, wants an estimate.")
    {
        var started = DateTime.UtcNow.AddMinutes(-10);
        var call = await core.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = "+15125550143",
            ToNumber = TestData.UsNumber(),
            StartedAt = Timestamp.FromDateTime(started),
        });
        var turns = new AppendTranscriptTurnsRequest { CallId = call.Id };
        turns.Turns.Add(new TranscriptTurn { Sequence = 0, Speaker = Speaker.Agent, Text = "Thanks for calling Acme Plumbing, this is Riley.", OccurredAt = Timestamp.FromDateTime(started.AddSeconds(1)) });
        turns.Turns.Add(new TranscriptTurn { Sequence = 1, Speaker = Speaker.Caller, Text = "Hi, my water heater is leaking in the garage.", OccurredAt = Timestamp.FromDateTime(started.AddSeconds(5)) });
        turns.Turns.Add(new TranscriptTurn { Sequence = 2, Speaker = Speaker.Agent, Text = "I'm sorry to hear that. Let me take your details.", OccurredAt = Timestamp.FromDateTime(started.AddSeconds(9)) });
        await core.Calls.AppendTranscriptTurnsAsync(turns);

        var lead = await core.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = call.Id + ":tool-1",
            Name = callerName,
            Phone = "+15125550143",
            Address = "12 Elm St, Austin",
            Service = "Water heater repair",
            Urgency = Urgency.High,
            CallId = call.Id,
        });
        await core.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
        {
            CallId = call.Id,
            ToolCallId = "tool-1",
            Name = "create_lead",
            ArgumentsJson = "{\"name\":\"" + callerName + "\"}",
            ResultJson = "{\"lead_id\":\"" + lead.Id + "\"}",
            Status = ToolInvocationStatus.Succeeded,
            StartedAt = Timestamp.FromDateTime(started.AddSeconds(30)),
            DurationMs = 84,
        });
        await new CallService.CallServiceClient(server.AsVoice(core.TenantId)).CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = CallOutcome.Lead,
            EndedAt = Timestamp.FromDateTime(started.AddSeconds(95)),
            DurationSeconds = 95,
            Summary = summary,
            RecordingRef = $"s3:recordings/{Guid.Parse(core.TenantId):N}/{Guid.Parse(call.Id):N}.wav",
            Latency = new CallLatency { FirstGreetingMs = 640, ResponseP50Ms = 710, ResponseP95Ms = 1180, TurnsMeasured = 6 },
        });
        return new SeededCall(await core.Calls.GetCallAsync(new GetCallRequest { Id = call.Id }), lead);
    }

    public static Task<Lead> LeadAsync(TenantClients core, string name, string service = "Drain cleaning") =>
        core.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Name = name,
            Phone = TestData.UsNumber(),
            Service = service,
        }).ResponseAsync;
}
