using System.Buffers;
using System.Text;
using System.Text.Json;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.UnitTests.Realtime;

/// <summary>The events behind holding phrases and goodbyes, and reading the session-expiry error.</summary>
public sealed class EndOfCallAndHoldingEventsTests
{
    [Fact]
    public void Out_of_band_response_stays_out_of_the_conversation_calls_no_tool_and_is_tagged()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteOutOfBandResponse(w, "Say you are still working on it.", "filler"));

        var root = doc.RootElement;
        Assert.Equal("response.create", root.GetProperty("type").GetString());
        var response = root.GetProperty("response");
        Assert.Equal("none", response.GetProperty("conversation").GetString());
        Assert.Equal("Say you are still working on it.", response.GetProperty("instructions").GetString());
        Assert.Equal("none", response.GetProperty("tool_choice").GetString());
        Assert.Equal(["audio"], response.GetProperty("output_modalities").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("filler", response.GetProperty("metadata").GetProperty("purpose").GetString());
        Assert.False(response.TryGetProperty("input", out _), "the phrase sees the conversation as context");
    }

    [Fact]
    public void Closing_response_is_in_the_conversation_without_tools()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteClosingResponse(w, "Say goodbye."));

        var response = doc.RootElement.GetProperty("response");
        Assert.Equal("Say goodbye.", response.GetProperty("instructions").GetString());
        Assert.Equal("none", response.GetProperty("tool_choice").GetString());
        Assert.False(response.TryGetProperty("conversation", out _));
    }

    [Fact]
    public void Cancel_by_id_names_the_response()
    {
        using var doc = Write(w => RealtimeSessionSettings.WriteResponseCancel(w, "resp_7"));

        Assert.Equal("response.cancel", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("resp_7", doc.RootElement.GetProperty("response_id").GetString());
    }

    [Fact]
    public void Response_events_carry_the_metadata_purpose()
    {
        var json = Bytes("""
            {"type":"response.created","event_id":"event_1","response":{"object":"realtime.response","id":"resp_3","status":"in_progress",
             "conversation_id":null,"metadata":{"purpose":"filler","other":{"x":1}},"output":[]}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.ResponseCreated, e.Type);
        Assert.Equal("filler", e.ResponsePurpose);
        Assert.Equal("resp_3", Encoding.UTF8.GetString(json.AsSpan()[e.ResponseId]));
    }

    [Fact]
    public void Response_without_metadata_has_no_purpose()
    {
        var json = Bytes("""{"type":"response.done","response":{"id":"resp_4","status":"completed","metadata":null}}""");

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.ResponseDone, e.Type);
        Assert.Null(e.ResponsePurpose);
        Assert.Equal("completed", e.ResponseStatus);
    }

    [Fact]
    public void Session_expiry_error_is_read_with_its_code()
    {
        var json = Bytes("""
            {"type":"error","event_id":"event_9","error":{"type":"invalid_request_error","code":"session_expired",
             "message":"Your session hit the maximum duration of 60 minutes.","param":null,"event_id":null}}
            """);

        Assert.True(RealtimeEventParser.TryParse(json, out var e));

        Assert.Equal(RealtimeEventType.Error, e.Type);
        Assert.Equal("session_expired", e.ErrorCode);
        Assert.Equal("Your session hit the maximum duration of 60 minutes.", e.ErrorMessage);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static JsonDocument Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
