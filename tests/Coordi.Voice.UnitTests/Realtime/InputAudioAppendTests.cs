using System.Text;
using System.Text.Json;
using Coordi.Voice.Realtime;

namespace Coordi.Voice.UnitTests.Realtime;

public sealed class InputAudioAppendTests
{
    [Fact]
    public void Append_event_is_json_carrying_the_payload_unchanged()
    {
        var payload = Encoding.ASCII.GetBytes(Convert.ToBase64String(Enumerable.Range(0, 160).Select(i => (byte)(255 - i)).ToArray()));
        var buffer = new byte[InputAudioAppend.Length(payload.Length)];

        var length = InputAudioAppend.Write(payload, buffer);

        Assert.Equal(buffer.Length, length);
        using var doc = JsonDocument.Parse(buffer);
        var root = doc.RootElement;
        Assert.Equal(2, root.EnumerateObject().Count());
        Assert.Equal("input_audio_buffer.append", root.GetProperty("type").GetString());
        Assert.Equal(Encoding.ASCII.GetString(payload), root.GetProperty("audio").GetString());
    }

    [Fact]
    public void Append_event_fits_a_larger_buffer_and_reports_its_own_length()
    {
        var buffer = new byte[1024];
        buffer.AsSpan().Fill((byte)'x');

        var length = InputAudioAppend.Write("/w=="u8, buffer);

        Assert.Equal(InputAudioAppend.Length(4), length);
        using var doc = JsonDocument.Parse(buffer.AsMemory(0, length));
        Assert.Equal("/w==", doc.RootElement.GetProperty("audio").GetString());
    }
}
