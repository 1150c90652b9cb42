using System.Text;
using System.Text.Json;
using Coordi.Voice.Media;

namespace Coordi.Voice.UnitTests.Media;

public sealed class TwilioFrameWriterTests
{
    private const string StreamSid = "MZ18ad3ab5a668481ce02b83e7395059f0";
    private readonly TwilioFrameWriter _writer = new(StreamSid);

    [Fact]
    public void Media_frame_is_json_carrying_the_payload_unchanged()
    {
        var payload = Encoding.ASCII.GetBytes(Convert.ToBase64String(Enumerable.Range(0, 160).Select(i => (byte)i).ToArray()));
        var buffer = new byte[_writer.MaxMediaFrameLength(payload.Length)];

        var length = _writer.WriteMedia(payload, buffer);

        Assert.Equal(buffer.Length, length);
        using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
        var root = doc.RootElement;
        Assert.Equal(["event", "streamSid", "media"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("media", root.GetProperty("event").GetString());
        Assert.Equal(StreamSid, root.GetProperty("streamSid").GetString());
        Assert.Equal(Encoding.ASCII.GetString(payload), root.GetProperty("media").GetProperty("payload").GetString());
        Assert.Single(root.GetProperty("media").EnumerateObject());
    }

    [Fact]
    public void Media_frame_written_twice_into_one_buffer_leaves_no_trace_of_the_longer_one()
    {
        var buffer = new byte[1024];
        _writer.WriteMedia("AAAAAAAAAAAAAAAA"u8, buffer);

        var length = _writer.WriteMedia("/w=="u8, buffer);

        using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
        Assert.Equal("/w==", doc.RootElement.GetProperty("media").GetProperty("payload").GetString());
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(7L)]
    [InlineData(long.MaxValue)]
    public void Mark_frame_names_the_sequence(long sequence)
    {
        var buffer = new byte[256];

        var length = _writer.WriteMark(sequence, buffer);

        using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
        var root = doc.RootElement;
        Assert.Equal("mark", root.GetProperty("event").GetString());
        Assert.Equal(StreamSid, root.GetProperty("streamSid").GetString());
        Assert.Equal(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("mark").GetProperty("name").GetString());
    }

    [Fact]
    public void Clear_frame_names_the_stream()
    {
        using var doc = JsonDocument.Parse(_writer.Clear.ToArray());

        var root = doc.RootElement;
        Assert.Equal("clear", root.GetProperty("event").GetString());
        Assert.Equal(StreamSid, root.GetProperty("streamSid").GetString());
        Assert.Equal(2, root.EnumerateObject().Count());
    }

    [Fact]
    public void Frames_written_are_read_back_by_the_parser()
    {
        var buffer = new byte[256];
        var length = _writer.WriteMark(12, buffer);

        Assert.True(TwilioFrameParser.TryParse(buffer.AsSpan(0, length), out var mark, out _));
        Assert.Equal(TwilioEventType.Mark, mark.Event);
        Assert.Equal("12"u8.ToArray(), buffer.AsSpan(0, length)[mark.MarkName].ToArray());

        length = _writer.WriteMedia("fn5+fg=="u8, buffer);
        Assert.True(TwilioFrameParser.TryParse(buffer.AsSpan(0, length), out var media, out _));
        Assert.Equal("fn5+fg=="u8.ToArray(), buffer.AsSpan(0, length)[media.Payload].ToArray());
    }
}
