using System.Text;
using Coordi.Voice.Media;

namespace Coordi.Voice.UnitTests.Media;

public sealed class TwilioFrameParserTests
{
    private const string Payload = "fn5+fn5+/////w==";
    private const string StreamSid = "MZ18ad3ab5a668481ce02b83e7395059f0";

    [Fact]
    public void Media_frame_gives_the_payload_range_timestamp_and_track()
    {
        var json = Bytes($$$"""{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"{{{Payload}}}"},"streamSid":"{{{StreamSid}}}"}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out var error));

        Assert.Null(error);
        Assert.Equal(TwilioEventType.Media, frame.Event);
        Assert.Equal(Payload, Text(json, frame.Payload));
        Assert.False(frame.PayloadEscaped);
        Assert.Equal(5, frame.TimestampMs);
        Assert.True(frame.InboundTrack);
        Assert.Null(frame.Start);
    }

    [Fact]
    public void Media_frame_is_read_whatever_the_property_order()
    {
        var json = Bytes($$$"""{"streamSid":"{{{StreamSid}}}","media":{"payload":"{{{Payload}}}","timestamp":"120","chunk":"7","track":"inbound"},"sequenceNumber":"9","event":"media"}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Media, frame.Event);
        Assert.Equal(Payload, Text(json, frame.Payload));
        Assert.Equal(120, frame.TimestampMs);
        Assert.True(frame.InboundTrack);
    }

    [Theory]
    [InlineData("\"5\"", 5)]
    [InlineData("5", 5)]
    [InlineData("\"86400000\"", 86_400_000)]
    [InlineData("86400000", 86_400_000)]
    public void Timestamp_is_accepted_as_a_string_or_a_number(string timestamp, long expected)
    {
        var json = Bytes($$$"""{"event":"media","media":{"timestamp":{{{timestamp}}},"payload":"{{{Payload}}}"}}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(expected, frame.TimestampMs);
    }

    [Theory]
    [InlineData("\"5ms\"")]
    [InlineData("\"\"")]
    [InlineData("true")]
    [InlineData("5.5")]
    public void Timestamp_that_is_not_an_integer_is_rejected(string timestamp)
    {
        var json = Bytes($$$"""{"event":"media","media":{"timestamp":{{{timestamp}}},"payload":"{{{Payload}}}"}}""");

        Assert.False(TwilioFrameParser.TryParse(json, out _, out var error));

        Assert.StartsWith("malformed", error);
    }

    [Fact]
    public void Outbound_track_is_not_the_caller()
    {
        var json = Bytes($$$"""{"event":"media","media":{"track":"outbound","timestamp":"5","payload":"{{{Payload}}}"}}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.False(frame.InboundTrack);
    }

    [Fact]
    public void Payload_with_json_escapes_is_flagged()
    {
        var json = Bytes("""{"event":"media","media":{"timestamp":"5","payload":"fn5+\/\/\/\/w=="}}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.True(frame.PayloadEscaped);
        Assert.Equal(@"fn5+\/\/\/\/w==", Text(json, frame.Payload));
    }

    [Theory]
    [InlineData("""{"event":"media","media":{"timestamp":"5"}}""")]
    [InlineData("""{"event":"media","media":{"timestamp":"5","payload":7}}""")]
    [InlineData("""{"event":"media","media":"payload"}""")]
    [InlineData("""{"event":"media"}""")]
    public void Media_frame_without_payload_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out _, out var error));

        Assert.Equal("media frame without payload", error);
    }

    [Fact]
    public void Mark_frame_gives_the_name_range()
    {
        var json = Bytes($$$"""{"event":"mark","sequenceNumber":"4","streamSid":"{{{StreamSid}}}","mark":{"name":"42"}}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Mark, frame.Event);
        Assert.Equal("42", Text(json, frame.MarkName));
    }

    [Fact]
    public void Mark_frame_is_read_with_the_mark_before_the_event()
    {
        var json = Bytes("""{"mark":{"other":1,"name":"7"},"event":"mark"}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Mark, frame.Event);
        Assert.Equal("7", Text(json, frame.MarkName));
    }

    [Theory]
    [InlineData("""{"event":"mark","mark":{}}""")]
    [InlineData("""{"event":"mark","mark":{"name":""}}""")]
    [InlineData("""{"event":"mark","mark":{"name":5}}""")]
    [InlineData("""{"event":"mark","mark":{"name":"\u0034"}}""")]
    [InlineData("""{"event":"mark"}""")]
    public void Mark_frame_without_a_plain_name_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out _, out var error));

        Assert.Equal("mark frame without name", error);
    }

    [Theory]
    [InlineData("1", '1')]
    [InlineData("0", '0')]
    [InlineData("*", '*')]
    [InlineData("#", '#')]
    [InlineData("D", 'D')]
    public void Dtmf_frame_gives_the_digit(string digit, char expected)
    {
        var json = Bytes($$$"""{"event":"dtmf","streamSid":"{{{StreamSid}}}","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"{{{digit}}}"}}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Dtmf, frame.Event);
        Assert.Equal(expected, frame.Digit);
    }

    [Theory]
    [InlineData("""{"event":"dtmf","dtmf":{"digit":"x"}}""")]
    [InlineData("""{"event":"dtmf","dtmf":{"digit":"12"}}""")]
    [InlineData("""{"event":"dtmf","dtmf":{"digit":1}}""")]
    [InlineData("""{"event":"dtmf","dtmf":{}}""")]
    [InlineData("""{"event":"dtmf"}""")]
    public void Dtmf_frame_without_a_keypad_digit_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out _, out var error));

        Assert.Equal("dtmf frame without digit", error);
    }

    [Fact]
    public void Start_frame_gives_the_call_the_format_and_the_custom_parameters()
    {
        var json = Bytes($$$"""
            {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC123","streamSid":"{{{StreamSid}}}","callSid":"CA456",
             "tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
             "customParameters":{"callId":"c-1","tenantId":"t-1","token":"a\"b"}},"streamSid":"{{{StreamSid}}}"}
            """);

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Start, frame.Event);
        var start = Assert.IsType<TwilioStreamStart>(frame.Start);
        Assert.Equal(StreamSid, start.StreamSid);
        Assert.Equal("CA456", start.CallSid);
        Assert.Equal("AC123", start.AccountSid);
        Assert.Equal("audio/x-mulaw", start.Encoding);
        Assert.Equal(8000, start.SampleRate);
        Assert.Equal(1, start.Channels);
        Assert.Equal(3, start.CustomParameters.Count);
        Assert.Equal("c-1", start.CustomParameters["callId"]);
        Assert.Equal("t-1", start.CustomParameters["tenantId"]);
        Assert.Equal("a\"b", start.CustomParameters["token"]);
    }

    [Fact]
    public void Start_frame_accepts_the_sample_rate_as_a_string_and_skips_non_string_parameters()
    {
        var json = Bytes("""
            {"start":{"customParameters":{"callId":"c-1","nested":{"a":1},"count":3},
             "mediaFormat":{"channels":"1","sampleRate":"8000","encoding":"audio/x-mulaw","extra":[1,2]},"callSid":"CA1"},"event":"start"}
            """);

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        var start = frame.Start!;
        Assert.Equal(8000, start.SampleRate);
        Assert.Equal(1, start.Channels);
        Assert.Equal("CA1", start.CallSid);
        Assert.Equal(["callId"], start.CustomParameters.Keys);
    }

    [Fact]
    public void Start_frame_keeps_at_most_32_custom_parameters()
    {
        var parameters = string.Join(",", Enumerable.Range(0, 40).Select(i => $"\"p{i}\":\"v{i}\""));
        var json = Bytes("""{"event":"start","start":{"customParameters":{""" + parameters + "}}}");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(32, frame.Start!.CustomParameters.Count);
        Assert.Equal("v0", frame.Start.CustomParameters["p0"]);
        Assert.False(frame.Start.CustomParameters.ContainsKey("p32"));
    }

    [Theory]
    [InlineData("""{"event":"start"}""")]
    [InlineData("""{"event":"start","start":"CA1"}""")]
    public void Start_frame_without_a_start_object_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out _, out var error));

        Assert.Equal("start frame without start object", error);
    }

    [Fact]
    public void Connected_frame_is_accepted()
    {
        var json = Bytes("""{"event":"connected","protocol":"Call","version":"1.0.0"}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Connected, frame.Event);
    }

    [Fact]
    public void Stop_frame_is_accepted()
    {
        var json = Bytes($$$"""{"event":"stop","sequenceNumber":"5","stop":{"accountSid":"AC1","callSid":"CA1"},"streamSid":"{{{StreamSid}}}"}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(TwilioEventType.Stop, frame.Event);
    }

    [Theory]
    [InlineData("""{"event":"transcription","data":{}}""")]
    [InlineData("""{"event":"MEDIA","media":{"payload":"AA=="}}""")]
    [InlineData("""{"event":5}""")]
    [InlineData("""{"event":null}""")]
    [InlineData("""{"media":{"payload":"AA=="}}""")]
    [InlineData("{}")]
    public void Unknown_or_missing_event_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out var frame, out var error));

        Assert.Equal(TwilioEventType.Unknown, frame.Event);
        Assert.Equal("missing or unknown event", error);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"media\"")]
    [InlineData("42")]
    public void Json_that_is_not_an_object_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out _, out var error));

        Assert.Equal("frame is not a JSON object", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("""{"event":"media","media":{"payload":"AA==""")]
    [InlineData("""{"event":"media","media":{"payload":"AA==",}}""")]
    [InlineData("""{"event":"media" "media":{}}""")]
    [InlineData("""{"event":"media","media":{"payload":AA==}}""")]
    public void Malformed_json_is_rejected(string text)
    {
        Assert.False(TwilioFrameParser.TryParse(Bytes(text), out _, out var error));

        Assert.NotNull(error);
    }

    [Fact]
    public void Nesting_deeper_than_a_frame_needs_is_rejected()
    {
        var json = Bytes("""{"event":"stop","x":[[[[[[[[[[1]]]]]]]]]]}""");

        Assert.False(TwilioFrameParser.TryParse(json, out _, out var error));

        Assert.StartsWith("malformed JSON", error);
    }

    [Fact]
    public void Unknown_properties_of_any_shape_are_skipped()
    {
        var json = Bytes($$$"""{"extra":{"a":[1,{"b":null}]},"event":"media","n":null,"media":{"x":[true],"payload":"{{{Payload}}}","timestamp":1},"t":false}""");

        Assert.True(TwilioFrameParser.TryParse(json, out var frame, out _));

        Assert.Equal(Payload, Text(json, frame.Payload));
        Assert.Equal(1, frame.TimestampMs);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Text(byte[] json, Range range) => Encoding.UTF8.GetString(json.AsSpan()[range]);
}
