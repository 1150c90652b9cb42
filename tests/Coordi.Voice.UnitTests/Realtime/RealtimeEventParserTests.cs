using System.Text;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.UnitTests.Realtime;

public sealed class RealtimeEventParserTests
{
    [Fact]
    public void Audio_delta_gives_ranges_of_the_audio_and_ids()
    {
        var json = Bytes("""
            {"type":"response.output_audio.delta","event_id":"event_1","response_id":"resp_1","item_id":"item_1",
             "output_index":0,"content_index":0,"delta":"fn5+fn5+/////w=="}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.OutputAudioDelta, e.Type);
        Assert.Equal("fn5+fn5+/////w==", Text(json, e.Delta));
        Assert.False(e.DeltaEscaped);
        Assert.Equal("resp_1", Text(json, e.ResponseId));
        Assert.Equal("item_1", Text(json, e.ItemId));
    }

    [Fact]
    public void Audio_delta_is_read_with_the_type_last()
    {
        var json = Bytes("""{"delta":"AAAA","item_id":"item_9","response_id":"resp_9","type":"response.output_audio.delta"}""");

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.OutputAudioDelta, e.Type);
        Assert.Equal("AAAA", Text(json, e.Delta));
        Assert.Equal("item_9", Text(json, e.ItemId));
        Assert.Equal("resp_9", Text(json, e.ResponseId));
    }

    [Fact]
    public void Audio_delta_with_json_escapes_is_flagged()
    {
        var json = Bytes("""{"type":"response.output_audio.delta","item_id":"i","response_id":"r","delta":"fn5+\/w=="}""");

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.True(e.DeltaEscaped);
    }

    [Fact]
    public void Response_created_gives_the_response_id_and_status()
    {
        var json = Bytes("""
            {"type":"response.created","event_id":"event_2","response":{"object":"realtime.response","id":"resp_2",
             "status":"in_progress","status_details":null,"output":[],"usage":null}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.ResponseCreated, e.Type);
        Assert.Equal("resp_2", Text(json, e.ResponseId));
        Assert.Equal("in_progress", e.ResponseStatus);
    }

    [Fact]
    public void Response_done_gives_the_final_status_and_skips_the_output()
    {
        var json = Bytes("""
            {"type":"response.done","event_id":"event_3","response":{"id":"resp_3","status":"cancelled",
             "status_details":{"type":"cancelled","reason":"turn_detected"},
             "output":[{"id":"item_3","type":"message","content":[{"type":"output_audio","transcript":"Hel"}]}],
             "usage":{"total_tokens":10}}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.ResponseDone, e.Type);
        Assert.Equal("resp_3", Text(json, e.ResponseId));
        Assert.Equal("cancelled", e.ResponseStatus);
        Assert.Null(e.Transcript);
        Assert.Equal(default, e.ItemId);
    }

    [Fact]
    public void Function_call_arguments_done_gives_call_id_name_and_unescaped_arguments()
    {
        var json = Bytes("""
            {"type":"response.function_call_arguments.done","event_id":"event_4","response_id":"resp_4","item_id":"item_4",
             "output_index":0,"call_id":"call_4","name":"create_lead","arguments":"{\"name\":\"Ann\",\"phone\":\"512 555 0143\"}"}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.FunctionCallArgumentsDone, e.Type);
        Assert.Equal("call_4", e.CallId);
        Assert.Equal("create_lead", e.Name);
        Assert.Equal("""{"name":"Ann","phone":"512 555 0143"}""", e.Arguments);
        Assert.Equal("item_4", Text(json, e.ItemId));
    }

    [Fact]
    public void Output_item_added_gives_the_function_name_and_call_id_of_the_item()
    {
        var json = Bytes("""
            {"type":"response.output_item.added","event_id":"event_5","response_id":"resp_5","output_index":0,
             "item":{"id":"item_5","object":"realtime.item","type":"function_call","status":"in_progress",
                     "name":"check_availability","call_id":"call_5","arguments":""}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.OutputItemAdded, e.Type);
        Assert.Equal("check_availability", e.Name);
        Assert.Equal("call_5", e.CallId);
        Assert.Equal("item_5", Text(json, e.ItemId));
        Assert.Equal("resp_5", Text(json, e.ResponseId));
        Assert.Null(e.Arguments);
    }

    [Fact]
    public void Output_item_added_for_a_message_has_no_function_name()
    {
        var json = Bytes("""
            {"type":"response.output_item.added","response_id":"resp_6",
             "item":{"id":"item_6","type":"message","role":"assistant","content":[{"type":"output_audio"}]}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Null(e.Name);
        Assert.Null(e.CallId);
        Assert.Equal("item_6", Text(json, e.ItemId));
    }

    [Fact]
    public void Agent_transcript_is_read()
    {
        var json = Bytes("""
            {"type":"response.output_audio_transcript.done","response_id":"resp_7","item_id":"item_7","output_index":0,
             "content_index":0,"transcript":"Thanks for calling \u2014 how can I help?"}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.OutputAudioTranscriptDone, e.Type);
        Assert.Equal("Thanks for calling \u2014 how can I help?", e.Transcript);
    }

    [Fact]
    public void Caller_transcript_is_read()
    {
        var json = Bytes("""
            {"type":"conversation.item.input_audio_transcription.completed","item_id":"item_8","content_index":0,
             "transcript":"My boiler is leaking.","logprobs":null,"usage":{"type":"tokens","total_tokens":5}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.InputTranscriptionCompleted, e.Type);
        Assert.Equal("My boiler is leaking.", e.Transcript);
    }

    [Fact]
    public void Speech_events_are_recognised_with_audio_end()
    {
        var started = Bytes("""{"type":"input_audio_buffer.speech_started","audio_start_ms":1000,"item_id":"item_9"}""");
        var stopped = Bytes("""{"type":"input_audio_buffer.speech_stopped","audio_end_ms":2400,"item_id":"item_9"}""");

        Assert.True(RealtimeEventParser.TryParse(started, out var s));
        Assert.True(RealtimeEventParser.TryParse(stopped, out var t));

        Assert.Equal(RealtimeEventType.SpeechStarted, s.Type);
        Assert.Equal(RealtimeEventType.SpeechStopped, t.Type);
        Assert.Equal(2400, t.AudioEndMs);
    }

    [Theory]
    [InlineData("session.created", RealtimeEventType.SessionCreated)]
    [InlineData("session.updated", RealtimeEventType.SessionUpdated)]
    [InlineData("response.output_audio_transcript.delta", RealtimeEventType.Other)]
    [InlineData("rate_limits.updated", RealtimeEventType.Other)]
    [InlineData("response.audio.delta", RealtimeEventType.Other)]
    public void Other_types_are_recognised_or_left_as_other(string type, RealtimeEventType expected)
    {
        Assert.True(RealtimeEventParser.TryParse(Bytes($$$"""{"type":"{{{type}}}","session":{"id":"sess_1"}}"""), out var e));

        Assert.Equal(expected, e.Type);
    }

    [Fact]
    public void Error_gives_the_code_and_message()
    {
        var json = Bytes("""
            {"type":"error","event_id":"event_10","error":{"type":"invalid_request_error","code":"response_cancel_not_active",
             "message":"Cancellation failed: no active response found","param":null,"event_id":null}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.Error, e.Type);
        Assert.Equal("response_cancel_not_active", e.ErrorCode);
        Assert.Equal("Cancellation failed: no active response found", e.ErrorMessage);
    }

    [Fact]
    public void Error_with_a_null_code_keeps_the_message()
    {
        var json = Bytes("""{"type":"error","error":{"code":null,"message":"Something went wrong"}}""");

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Null(e.ErrorCode);
        Assert.Equal("Something went wrong", e.ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("not json")]
    [InlineData("""{"type":"response.output_audio.delta","delta":"AAAA""")]
    [InlineData("""{"type":"response.done","response":{"id":"r",}}""")]
    [InlineData("""{"type":response.done}""")]
    public void Malformed_events_are_rejected(string text)
    {
        Assert.False(RealtimeEventParser.TryParse(Bytes(text), out _));
    }

    [Fact]
    public void Fields_of_the_wrong_kind_are_ignored()
    {
        var json = Bytes("""{"type":7,"delta":5,"response_id":null,"transcript":1,"response":"x","item":[1],"error":"boom","audio_end_ms":"9"}""");

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.Other, e.Type);
        Assert.Equal(default, e.Delta);
        Assert.Equal(default, e.ResponseId);
        Assert.Null(e.Transcript);
        Assert.Null(e.ErrorCode);
        Assert.Equal(0, e.AudioEndMs);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] json, Range range) => Encoding.UTF8.GetString(json.AsSpan()[range]);
}
