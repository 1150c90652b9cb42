namespace Coordi.Voice.Realtime;

/// <summary>
/// The input_audio_buffer.append event for one frame of caller audio. Twilio's base64 payload is already pcmu,
/// so it is spliced between a fixed prefix and suffix as is: no decoding, no JSON writer, no allocation.
/// </summary>
public static class InputAudioAppend
{
    private static ReadOnlySpan<byte> Prefix => "{\"type\":\"input_audio_buffer.append\",\"audio\":\""u8;

    private static ReadOnlySpan<byte> Suffix => "\"}"u8;

    /// <summary>Length of the event for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int Length(int payloadLength) => Prefix.Length + payloadLength + Suffix.Length;

    /// <summary>Writes the event into <paramref name="destination"/> (at least <see cref="Length"/> long); returns its length.</summary>
    public static int Write(ReadOnlySpan<byte> base64Payload, Span<byte> destination)
    {
        Prefix.CopyTo(destination);
        base64Payload.CopyTo(destination[Prefix.Length..]);
        Suffix.CopyTo(destination[(Prefix.Length + base64Payload.Length)..]);
        return Length(base64Payload.Length);
    }
}
