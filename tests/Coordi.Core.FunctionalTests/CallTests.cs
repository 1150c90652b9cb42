using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class CallTests(CoreFixture fixture)
{
    private static readonly DateTime Noon = new(2026, 3, 9, 17, 0, 0, DateTimeKind.Utc);

    private static StartCallRequest Ringing(DateTime? startedAt = null, string from = "+15125550143") => new()
    {
        TwilioCallSid = TestData.CallSid(),
        FromNumber = from,
        ToNumber = "+15125550100",
        StartedAt = Timestamp.FromDateTime(startedAt ?? Noon),
    };

    private static TranscriptTurn Turn(int sequence, Speaker speaker, string text) => new()
    {
        Sequence = sequence,
        Speaker = speaker,
        Text = text,
        OccurredAt = Timestamp.FromDateTime(Noon.AddSeconds(sequence * 5)),
    };

    [Fact]
    public async Task Starting_a_call_twice_for_one_call_sid_returns_the_same_call()
    {
        var tenant = await fixture.NewTenantAsync();
        var request = Ringing();

        var first = await tenant.Calls.StartCallAsync(request);
        var second = await tenant.Calls.StartCallAsync(request);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(CallStatus.InProgress, first.Status);
        Assert.Equal(request.TwilioCallSid, first.TwilioCallSid);
        Assert.Equal("+15125550143", first.FromNumber);
        Assert.Equal("+15125550100", first.ToNumber);
        Assert.Equal(request.StartedAt, first.StartedAt);
        Assert.Single((await tenant.Calls.ListCallsAsync(new ListCallsRequest())).Calls);
    }

    [Fact]
    public async Task A_withheld_caller_number_is_accepted_as_twilio_sends_it()
    {
        var tenant = await fixture.NewTenantAsync();

        var call = await tenant.Calls.StartCallAsync(Ringing(from: "anonymous"));

        Assert.Equal("anonymous", call.FromNumber);
    }

    [Theory]
    [InlineData("CA123", "+15125550100", "twilio_call_sid")]
    [InlineData("PN0123456789abcdef0123456789abcdef", "+15125550100", "twilio_call_sid")]
    [InlineData("", "+15125550100", "twilio_call_sid")]
    [InlineData("CA0123456789abcdef0123456789abcdef", "512-555-0100", "to_number")]
    public async Task Starting_a_call_with_a_bad_call_sid_or_number_is_refused(string callSid, string to, string field)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(
            tenant.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = callSid, FromNumber = "+15125550143", ToNumber = to }),
            field);
    }

    [Fact]
    public async Task Transcript_turns_are_stored_once_however_often_a_batch_is_retried()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var batch = new AppendTranscriptTurnsRequest { CallId = call.Id };
        batch.Turns.Add(Turn(0, Speaker.Agent, "Acme Plumbing, how can I help?"));
        batch.Turns.Add(Turn(1, Speaker.Caller, "My water heater is leaking."));

        var first = await tenant.Calls.AppendTranscriptTurnsAsync(batch);
        var retry = await tenant.Calls.AppendTranscriptTurnsAsync(batch);
        var overlapping = new AppendTranscriptTurnsRequest { CallId = call.Id };
        overlapping.Turns.Add(Turn(1, Speaker.Caller, "My water heater is leaking."));
        overlapping.Turns.Add(Turn(2, Speaker.Agent, "I'm sorry to hear that. Is the water shut off?"));
        var partly = await tenant.Calls.AppendTranscriptTurnsAsync(overlapping);

        Assert.Equal(2, first.Appended);
        Assert.Equal(0, retry.Appended);
        Assert.Equal(1, partly.Appended);
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });
        Assert.Equal([0, 1, 2], stored.Transcript.Select(t => t.Sequence));
    }

    [Fact]
    public async Task The_transcript_reads_in_sequence_order_whatever_order_it_arrived_in()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var late = new AppendTranscriptTurnsRequest { CallId = call.Id };
        late.Turns.Add(Turn(3, Speaker.Caller, "Thursday works."));
        late.Turns.Add(Turn(2, Speaker.Agent, "Would Thursday at 10 work?"));
        var early = new AppendTranscriptTurnsRequest { CallId = call.Id };
        early.Turns.Add(Turn(0, Speaker.Agent, "Acme Plumbing, how can I help?"));
        early.Turns.Add(Turn(1, Speaker.Caller, "I need an estimate."));

        await tenant.Calls.AppendTranscriptTurnsAsync(late);
        await tenant.Calls.AppendTranscriptTurnsAsync(early);
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        Assert.Equal(
            ["Acme Plumbing, how can I help?", "I need an estimate.", "Would Thursday at 10 work?", "Thursday works."],
            stored.Transcript.Select(t => t.Text));
        Assert.Equal([Speaker.Agent, Speaker.Caller, Speaker.Agent, Speaker.Caller], stored.Transcript.Select(t => t.Speaker));
        Assert.Equal(Turn(2, Speaker.Agent, "x").OccurredAt, stored.Transcript[2].OccurredAt);
    }

    [Fact]
    public async Task A_malformed_transcript_batch_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());

        await RpcAssert.InvalidArgument(tenant.Calls.AppendTranscriptTurnsAsync(new AppendTranscriptTurnsRequest { CallId = call.Id }), "turns");

        var duplicates = new AppendTranscriptTurnsRequest { CallId = call.Id };
        duplicates.Turns.Add(Turn(4, Speaker.Caller, "Hello?"));
        duplicates.Turns.Add(Turn(4, Speaker.Caller, "Hello?"));
        await RpcAssert.InvalidArgument(tenant.Calls.AppendTranscriptTurnsAsync(duplicates), "turns");

        var blank = new AppendTranscriptTurnsRequest { CallId = call.Id };
        blank.Turns.Add(new TranscriptTurn { Sequence = -1, Speaker = Speaker.Unspecified, Text = "" });
        await RpcAssert.InvalidArgument(tenant.Calls.AppendTranscriptTurnsAsync(blank),
            "turns[0].sequence", "turns[0].speaker", "turns[0].text", "turns[0].occurred_at");
    }

    [Fact]
    public async Task A_tool_invocation_is_recorded_once_per_tool_call_id()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var request = new RecordToolInvocationRequest
        {
            CallId = call.Id,
            ToolCallId = "call_abc123",
            Name = "check_availability",
            ArgumentsJson = """{"from_date":"2026-03-10"}""",
            ResultJson = """{"slots":[]}""",
            Status = ToolInvocationStatus.Succeeded,
            StartedAt = Timestamp.FromDateTime(Noon.AddSeconds(30)),
            DurationMs = 412,
        };

        var first = await tenant.Calls.RecordToolInvocationAsync(request);
        var retry = await tenant.Calls.RecordToolInvocationAsync(request);
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        Assert.Equal(first.Id, retry.Id);
        var invocation = Assert.Single(stored.ToolInvocations);
        Assert.Equal("call_abc123", invocation.ToolCallId);
        Assert.Equal("check_availability", invocation.Name);
        Assert.Contains("2026-03-10", invocation.ArgumentsJson);
        Assert.Contains("slots", invocation.ResultJson);
        Assert.Equal(ToolInvocationStatus.Succeeded, invocation.Status);
        Assert.Equal(412, invocation.DurationMs);
        Assert.Equal(request.StartedAt, invocation.StartedAt);
    }

    [Fact]
    public async Task Tool_invocations_are_listed_in_the_order_they_started()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        foreach (var (id, name, second) in new[] { ("call_2", "book_estimate", 60), ("call_1", "check_availability", 30), ("call_3", "end_call", 90) })
        {
            await tenant.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
            {
                CallId = call.Id, ToolCallId = id, Name = name, Status = ToolInvocationStatus.Failed,
                StartedAt = Timestamp.FromDateTime(Noon.AddSeconds(second)),
            });
        }

        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        Assert.Equal(["check_availability", "book_estimate", "end_call"], stored.ToolInvocations.Select(t => t.Name));
        Assert.All(stored.ToolInvocations, t => Assert.Equal(ToolInvocationStatus.Failed, t.Status));
        Assert.All(stored.ToolInvocations, t => Assert.Equal("{}", t.ArgumentsJson));
    }

    [Theory]
    [InlineData("[1,2]", "{}", "arguments_json")]
    [InlineData("{not json", "{}", "arguments_json")]
    [InlineData("{}", "\"ok\"", "result_json")]
    public async Task A_tool_invocation_with_arguments_or_result_that_are_not_json_objects_is_refused(string arguments, string result, string field)
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());

        await RpcAssert.InvalidArgument(tenant.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
        {
            CallId = call.Id, ToolCallId = "call_1", Name = "send_sms", ArgumentsJson = arguments, ResultJson = result, Status = ToolInvocationStatus.Succeeded,
        }), field);
    }

    [Fact]
    public async Task A_tool_invocation_without_id_name_or_status_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());

        await RpcAssert.InvalidArgument(
            tenant.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest { CallId = call.Id, DurationMs = -1 }),
            "tool_call_id", "name", "status", "duration_ms");
    }

    [Fact]
    public async Task Completing_a_call_records_its_outcome_summary_recording_and_latency()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var endedAt = Timestamp.FromDateTime(Noon.AddMinutes(4));

        var voice = new CallService.CallServiceClient(fixture.Core.AsVoice(tenant.TenantId));
        var completed = await voice.CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = CallOutcome.Booked,
            EndedAt = endedAt,
            DurationSeconds = 240,
            Summary = "Leaking water heater; estimate booked for Thursday 10:00.",
            RecordingRef = "recordings/2026/03/09/call.wav",
            Latency = new CallLatency { FirstGreetingMs = 640, ResponseP50Ms = 710, ResponseP95Ms = 1250, TurnsMeasured = 14 },
        });
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        foreach (var c in new[] { completed, stored })
        {
            Assert.Equal(CallStatus.Completed, c.Status);
            Assert.Equal(CallOutcome.Booked, c.Outcome);
            Assert.Equal(endedAt, c.EndedAt);
            Assert.Equal(240, c.DurationSeconds);
            Assert.Equal("Leaking water heater; estimate booked for Thursday 10:00.", c.Summary);
            Assert.Equal("recordings/2026/03/09/call.wav", c.RecordingRef);
            Assert.Equal(new CallLatency { FirstGreetingMs = 640, ResponseP50Ms = 710, ResponseP95Ms = 1250, TurnsMeasured = 14 }, c.Latency);
        }
    }

    [Fact]
    public async Task A_second_completion_report_fills_gaps_without_blanking_what_the_first_wrote()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var firstEnd = Timestamp.FromDateTime(Noon.AddMinutes(3));
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = CallOutcome.Lead,
            EndedAt = firstEnd,
            Summary = "Wants a quote for a tankless heater.",
            Latency = new CallLatency { FirstGreetingMs = 500, ResponseP50Ms = 600, ResponseP95Ms = 900, TurnsMeasured = 8 },
        });

        // Twilio's status callback knows only the duration and the recording.
        await new CallService.CallServiceClient(fixture.Core.AsVoice(tenant.TenantId)).CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            EndedAt = Timestamp.FromDateTime(Noon.AddMinutes(5)),
            DurationSeconds = 181,
            RecordingRef = "recordings/abc.wav",
        });
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        Assert.Equal(CallOutcome.Lead, stored.Outcome);
        Assert.Equal("Wants a quote for a tankless heater.", stored.Summary);
        Assert.Equal(8, stored.Latency.TurnsMeasured);
        Assert.Equal(500, stored.Latency.FirstGreetingMs);
        Assert.Equal(firstEnd, stored.EndedAt);
        Assert.Equal(181, stored.DurationSeconds);
        Assert.Equal("recordings/abc.wav", stored.RecordingRef);
    }

    [Fact]
    public async Task A_call_that_nobody_answered_is_completed_as_missed()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());

        var missed = await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Missed });

        Assert.Equal(CallStatus.Missed, missed.Status);
        Assert.Equal(CallOutcome.Unspecified, missed.Outcome);
        Assert.Equal("", missed.RecordingRef);
        Assert.NotNull(missed.EndedAt);
    }

    [Fact]
    public async Task An_invalid_completion_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());

        await RpcAssert.InvalidArgument(tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.InProgress }), "status");
        await RpcAssert.InvalidArgument(tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id }), "status");
        await RpcAssert.InvalidArgument(
            tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, DurationSeconds = -5, Outcome = (CallOutcome)99 }),
            "duration_seconds", "outcome");
        await RpcAssert.InvalidArgument(
            tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, Latency = new CallLatency { ResponseP95Ms = -1 } }),
            "latency.response_p95_ms");
    }

    [Fact]
    public async Task Get_call_lists_the_leads_captured_during_it()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var first = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = call.Id + "/call_1", Name = "Dana Smith", Phone = "+15125550143", CallId = call.Id });
        var second = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = call.Id + "/call_2", Name = "Sam Smith", Phone = "+15125550144", CallId = call.Id });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "walk-in", Name = "Not From The Call", Phone = "+15125550145" });

        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });

        Assert.Equal([first.Id, second.Id], stored.LeadIds);
    }

    [Fact]
    public async Task List_calls_pages_newest_first_without_transcripts()
    {
        var tenant = await fixture.NewTenantAsync();
        var started = new List<Call>();
        for (var i = 0; i < 5; i++)
        {
            started.Add(await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(i))));
        }

        var transcript = new AppendTranscriptTurnsRequest { CallId = started[0].Id };
        transcript.Turns.Add(Turn(0, Speaker.Agent, "Hello"));
        await tenant.Calls.AppendTranscriptTurnsAsync(transcript);

        var seen = new List<Call>();
        var token = "";
        do
        {
            var page = await tenant.Calls.ListCallsAsync(new ListCallsRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Calls);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(started.Select(c => c.Id).Reverse(), seen.Select(c => c.Id));
        Assert.All(seen, c => Assert.Empty(c.Transcript));
    }

    [Fact]
    public async Task Calls_that_started_at_the_same_instant_are_all_paged_through()
    {
        var tenant = await fixture.NewTenantAsync();
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await tenant.Calls.StartCallAsync(Ringing(Noon))).Id);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await tenant.Calls.ListCallsAsync(new ListCallsRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Calls.Select(c => c.Id));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(5, seen.Count);
        Assert.Equal(ids, seen.ToHashSet());
    }

    [Fact]
    public async Task List_calls_filters_by_start_time_range_with_an_exclusive_end()
    {
        var tenant = await fixture.NewTenantAsync();
        var early = await tenant.Calls.StartCallAsync(Ringing(Noon.AddHours(-2)));
        var atStart = await tenant.Calls.StartCallAsync(Ringing(Noon));
        var inside = await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(30)));
        var atEnd = await tenant.Calls.StartCallAsync(Ringing(Noon.AddHours(1)));

        var listed = await tenant.Calls.ListCallsAsync(new ListCallsRequest
        {
            Started = new TimeRange { Start = Timestamp.FromDateTime(Noon), End = Timestamp.FromDateTime(Noon.AddHours(1)) },
        });
        var fromOnly = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Started = new TimeRange { Start = Timestamp.FromDateTime(Noon.AddMinutes(1)) } });
        var untilOnly = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Started = new TimeRange { End = Timestamp.FromDateTime(Noon) } });

        Assert.Equal([inside.Id, atStart.Id], listed.Calls.Select(c => c.Id));
        Assert.Equal([atEnd.Id, inside.Id], fromOnly.Calls.Select(c => c.Id));
        Assert.Equal([early.Id], untilOnly.Calls.Select(c => c.Id));
    }

    [Fact]
    public async Task List_calls_filters_by_status_and_outcome()
    {
        var tenant = await fixture.NewTenantAsync();
        var booked = await tenant.Calls.StartCallAsync(Ringing(Noon));
        var spam = await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(1)));
        var missed = await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(2)));
        var live = await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(3)));
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = booked.Id, Status = CallStatus.Completed, Outcome = CallOutcome.Booked });
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = spam.Id, Status = CallStatus.Completed, Outcome = CallOutcome.Spam });
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = missed.Id, Status = CallStatus.Missed });

        var completed = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Status = CallStatus.Completed });
        var inProgress = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Status = CallStatus.InProgress });
        var bookedOnly = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Outcome = CallOutcome.Booked });
        var completedSpam = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Status = CallStatus.Completed, Outcome = CallOutcome.Spam });
        var missedBooked = await tenant.Calls.ListCallsAsync(new ListCallsRequest { Status = CallStatus.Missed, Outcome = CallOutcome.Booked });

        Assert.Equal([spam.Id, booked.Id], completed.Calls.Select(c => c.Id));
        Assert.Equal([live.Id], inProgress.Calls.Select(c => c.Id));
        Assert.Equal([booked.Id], bookedOnly.Calls.Select(c => c.Id));
        Assert.Equal([spam.Id], completedSpam.Calls.Select(c => c.Id));
        Assert.Empty(missedBooked.Calls);
    }

    [Fact]
    public async Task Free_text_search_matches_caller_number_summary_and_transcript_ignoring_case()
    {
        var tenant = await fixture.NewTenantAsync();
        var byNumber = await tenant.Calls.StartCallAsync(Ringing(Noon, from: "+15127770199"));
        var bySummary = await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(1)));
        var byTranscript = await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(2)));
        await tenant.Calls.StartCallAsync(Ringing(Noon.AddMinutes(3)));
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = bySummary.Id, Status = CallStatus.Completed, Summary = "Burst PIPE in the basement" });
        var turns = new AppendTranscriptTurnsRequest { CallId = byTranscript.Id };
        turns.Turns.Add(Turn(0, Speaker.Caller, "There's a tankless Heater making a 100% awful noise"));
        await tenant.Calls.AppendTranscriptTurnsAsync(turns);

        Assert.Equal([byNumber.Id], (await Search(tenant, "777")).Select(c => c.Id));
        Assert.Equal([bySummary.Id], (await Search(tenant, "burst pipe")).Select(c => c.Id));
        Assert.Equal([byTranscript.Id], (await Search(tenant, "TANKLESS heater")).Select(c => c.Id));
        Assert.Equal([byTranscript.Id], (await Search(tenant, "100%")).Select(c => c.Id));
        Assert.Empty(await Search(tenant, "_"));
        Assert.Empty(await Search(tenant, "gas leak"));
    }

    [Fact]
    public async Task A_call_matching_the_search_in_several_turns_is_listed_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(Ringing());
        var turns = new AppendTranscriptTurnsRequest { CallId = call.Id };
        turns.Turns.Add(Turn(0, Speaker.Caller, "The drain is clogged."));
        turns.Turns.Add(Turn(1, Speaker.Agent, "A clogged drain, understood."));
        await tenant.Calls.AppendTranscriptTurnsAsync(turns);

        Assert.Single(await Search(tenant, "drain"));
    }

    [Fact]
    public async Task Unknown_calls_are_not_found_everywhere()
    {
        var tenant = await fixture.NewTenantAsync();
        var unknown = Guid.NewGuid().ToString();
        var turns = new AppendTranscriptTurnsRequest { CallId = unknown };
        turns.Turns.Add(Turn(0, Speaker.Caller, "Hello?"));

        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Calls.GetCallAsync(new GetCallRequest { Id = unknown }));
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Calls.AppendTranscriptTurnsAsync(turns));
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
        {
            CallId = unknown, ToolCallId = "call_1", Name = "end_call", Status = ToolInvocationStatus.Succeeded,
        }));
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = unknown, Status = CallStatus.Completed }));
    }

    [Fact]
    public async Task A_call_id_that_is_not_an_id_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Calls.GetCallAsync(new GetCallRequest { Id = "CA0123456789abcdef0123456789abcdef" }), "id");
        await RpcAssert.InvalidArgument(tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = "", Status = CallStatus.Completed }), "call_id");
    }

    [Fact]
    public async Task A_malformed_list_request_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Calls.ListCallsAsync(new ListCallsRequest { PageToken = "garbage!" }), "page_token");
        await RpcAssert.InvalidArgument(tenant.Calls.ListCallsAsync(new ListCallsRequest { PageToken = Convert.ToBase64String("12:34"u8.ToArray()) }), "page_token");
        await RpcAssert.InvalidArgument(tenant.Calls.ListCallsAsync(new ListCallsRequest { Status = (CallStatus)42 }), "status");
        await RpcAssert.InvalidArgument(tenant.Calls.ListCallsAsync(new ListCallsRequest
        {
            Started = new TimeRange { Start = Timestamp.FromDateTime(Noon), End = Timestamp.FromDateTime(Noon.AddHours(-1)) },
        }), "started");
    }

    private static async Task<IReadOnlyList<Call>> Search(TenantClients tenant, string text) =>
        (await tenant.Calls.ListCallsAsync(new ListCallsRequest { Text = text })).Calls;
}
