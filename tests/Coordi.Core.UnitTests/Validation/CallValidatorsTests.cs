using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using Google.Protobuf.WellKnownTypes;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class StartCallRequestValidatorTests
{
    private readonly StartCallRequestValidator _validator = new();

    private static StartCallRequest Valid() => new()
    {
        TwilioCallSid = "CA0123456789abcdef0123456789ABCDEF",
        FromNumber = "+15125550143",
        ToNumber = "+15125550100",
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Theory]
    [InlineData("anonymous")]
    [InlineData("+266696687")]
    public void Withheld_or_unusual_caller_numbers_pass(string from)
    {
        var request = Valid();
        request.FromNumber = from;

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("CA123")]
    [InlineData("PN0123456789abcdef0123456789abcdef")]
    [InlineData("CA0123456789abcdef0123456789abcdez")]
    [InlineData("CA0123456789abcdef0123456789abcdef00")]
    public void Call_sid_must_be_CA_and_32_hex_digits(string sid)
    {
        var request = Valid();
        request.TwilioCallSid = sid;

        Assert.Equal(["twilio_call_sid"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void From_number_is_required_and_limited(int length)
    {
        var request = Valid();
        request.FromNumber = Text(length);

        Assert.Equal(["from_number"], Of(_validator, request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("5125550143")]
    [InlineData("+1512555")]
    [InlineData("+1 512 555 0143")]
    public void To_number_must_be_e164(string to)
    {
        var request = Valid();
        request.ToNumber = to;

        Assert.Equal(["to_number"], Of(_validator, request));
    }
}

public sealed class AppendTranscriptTurnsRequestValidatorTests
{
    private static readonly Timestamp OccurredAt = Timestamp.FromDateTime(new DateTime(2026, 11, 2, 15, 0, 0, DateTimeKind.Utc));

    private readonly AppendTranscriptTurnsRequestValidator _validator = new();

    private static TranscriptTurn Turn(int sequence) => new()
    {
        Sequence = sequence,
        Speaker = sequence % 2 == 0 ? Speaker.Agent : Speaker.Caller,
        Text = "Thanks for calling!",
        OccurredAt = OccurredAt,
    };

    private static AppendTranscriptTurnsRequest Valid(int turns = 2)
    {
        var request = new AppendTranscriptTurnsRequest { CallId = NewId() };
        request.Turns.AddRange(Enumerable.Range(0, turns).Select(Turn));
        return request;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(200)]
    public void Valid_request_passes(int turns) => Assert.Empty(Of(_validator, Valid(turns)));

    [Fact]
    public void Call_id_must_be_a_uuid()
    {
        var request = Valid();
        request.CallId = "CA0123456789abcdef0123456789abcdef";

        Assert.Equal(["call_id"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Between_1_and_200_turns_are_accepted(int turns) =>
        Assert.Equal(["turns"], Of(_validator, Valid(turns)));

    [Fact]
    public void Sequences_must_be_unique_within_a_request()
    {
        var request = Valid();
        request.Turns.Add(Turn(1));

        Assert.Equal(["turns"], Of(_validator, request));
    }

    [Fact]
    public void Sequence_must_not_be_negative()
    {
        var request = Valid();
        request.Turns[1].Sequence = -1;

        Assert.Equal(["turns[1].sequence"], Of(_validator, request));
    }

    [Theory]
    [InlineData(Speaker.Unspecified)]
    [InlineData((Speaker)4)]
    public void Speaker_must_be_a_known_value(Speaker speaker)
    {
        var request = Valid();
        request.Turns[0].Speaker = speaker;

        Assert.Equal(["turns[0].speaker"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8001)]
    public void Text_is_required_and_limited(int length)
    {
        var request = Valid();
        request.Turns[1].Text = Text(length);

        Assert.Equal(["turns[1].text"], Of(_validator, request));
    }

    [Fact]
    public void Occurred_at_is_required()
    {
        var request = Valid();
        request.Turns[0].OccurredAt = null;

        Assert.Equal(["turns[0].occurred_at"], Of(_validator, request));
    }
}

public sealed class RecordToolInvocationRequestValidatorTests
{
    private readonly RecordToolInvocationRequestValidator _validator = new();

    private static RecordToolInvocationRequest Valid() => new()
    {
        CallId = NewId(),
        ToolCallId = "call_abc123",
        Name = "check_availability",
        ArgumentsJson = """{"from":"2026-11-02"}""",
        ResultJson = """{"slots":[]}""",
        Status = ToolInvocationStatus.Succeeded,
        DurationMs = 42,
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Fact]
    public void Empty_json_passes()
    {
        var request = Valid();
        request.ArgumentsJson = "";
        request.ResultJson = "";

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("null")]
    [InlineData("{not json")]
    public void Arguments_must_be_a_json_object(string json)
    {
        var request = Valid();
        request.ArgumentsJson = json;

        Assert.Equal(["arguments_json"], Of(_validator, request));
    }

    [Theory]
    [InlineData("42")]
    [InlineData("{\"ok\":true")]
    public void Result_must_be_a_json_object(string json)
    {
        var request = Valid();
        request.ResultJson = json;

        Assert.Equal(["result_json"], Of(_validator, request));
    }

    [Fact]
    public void Arguments_are_limited_to_16000_characters()
    {
        var request = Valid();
        request.ArgumentsJson = "{\"notes\":\"" + Text(16_000) + "\"}";

        Assert.Equal(["arguments_json"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Tool_call_id_is_required_and_limited(int length)
    {
        var request = Valid();
        request.ToolCallId = Text(length);

        Assert.Equal(["tool_call_id"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Name_is_required_and_limited(int length)
    {
        var request = Valid();
        request.Name = Text(length);

        Assert.Equal(["name"], Of(_validator, request));
    }

    [Fact]
    public void Status_is_required()
    {
        var request = Valid();
        request.Status = ToolInvocationStatus.Unspecified;

        Assert.Equal(["status"], Of(_validator, request));
    }

    [Fact]
    public void Duration_must_not_be_negative()
    {
        var request = Valid();
        request.DurationMs = -1;

        Assert.Equal(["duration_ms"], Of(_validator, request));
    }
}

public sealed class CompleteCallRequestValidatorTests
{
    private readonly CompleteCallRequestValidator _validator = new();

    private static CompleteCallRequest Valid() => new()
    {
        CallId = NewId(),
        Status = CallStatus.Completed,
        Outcome = CallOutcome.Booked,
        DurationSeconds = 184,
        Summary = "Booked a water heater estimate.",
        RecordingRef = "RE0123",
        Latency = new CallLatency { FirstGreetingMs = 850, ResponseP50Ms = 620, ResponseP95Ms = 1400, TurnsMeasured = 12 },
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Fact]
    public void Latency_and_outcome_are_optional()
    {
        var request = Valid();
        request.Latency = null;
        request.Outcome = CallOutcome.Unspecified;

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData(CallStatus.Unspecified)]
    [InlineData(CallStatus.InProgress)]
    [InlineData((CallStatus)9)]
    public void Status_must_be_a_final_status(CallStatus status)
    {
        var request = Valid();
        request.Status = status;

        Assert.Equal(["status"], Of(_validator, request));
    }

    [Fact]
    public void Outcome_must_be_a_known_value()
    {
        var request = Valid();
        request.Outcome = (CallOutcome)99;

        Assert.Equal(["outcome"], Of(_validator, request));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(86_401)]
    public void Duration_must_be_within_a_day(int seconds)
    {
        var request = Valid();
        request.DurationSeconds = seconds;

        Assert.Equal(["duration_seconds"], Of(_validator, request));
    }

    [Fact]
    public void Summary_and_recording_ref_are_limited()
    {
        var request = Valid();
        request.Summary = Text(4001);
        request.RecordingRef = Text(501);

        Assert.Equal(["summary", "recording_ref"], Of(_validator, request));
    }

    [Fact]
    public void Latency_figures_must_be_within_bounds()
    {
        var request = Valid();
        request.Latency = new CallLatency { FirstGreetingMs = -1, ResponseP50Ms = 600_001, ResponseP95Ms = 600_001, TurnsMeasured = -1 };

        Assert.Equal(
            ["latency.first_greeting_ms", "latency.response_p50_ms", "latency.response_p95_ms", "latency.turns_measured"],
            Of(_validator, request));
    }
}

public sealed class GetCallRequestValidatorTests
{
    private readonly GetCallRequestValidator _validator = new();

    [Fact]
    public void Uuid_id_passes() => Assert.Empty(Of(_validator, new GetCallRequest { Id = NewId() }));

    [Theory]
    [InlineData("")]
    [InlineData("CA0123456789abcdef0123456789abcdef")]
    public void Id_must_be_a_uuid(string id) => Assert.Equal(["id"], Of(_validator, new GetCallRequest { Id = id }));
}

public sealed class ListCallsRequestValidatorTests
{
    private static readonly DateTime Monday = new(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);

    private readonly ListCallsRequestValidator _validator = new();

    [Fact]
    public void Fully_filtered_request_passes()
    {
        var request = new ListCallsRequest
        {
            PageSize = 10,
            Status = CallStatus.Missed,
            Outcome = CallOutcome.Lead,
            Text = "water heater",
            Started = new TimeRange { Start = Timestamp.FromDateTime(Monday), End = Timestamp.FromDateTime(Monday.AddDays(1)) },
        };

        Assert.Empty(Of(_validator, request));
    }

    [Fact]
    public void Filters_must_be_known_values_and_within_limits()
    {
        var request = new ListCallsRequest { PageSize = 500, PageToken = Text(201), Status = (CallStatus)9, Outcome = (CallOutcome)99, Text = Text(201) };

        Assert.Equal(["page_size", "page_token", "status", "outcome", "text"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Started_range_must_end_after_it_starts(int days)
    {
        var request = new ListCallsRequest
        {
            Started = new TimeRange { Start = Timestamp.FromDateTime(Monday), End = Timestamp.FromDateTime(Monday.AddDays(days)) },
        };

        Assert.Equal(["started"], Of(_validator, request));
    }
}
