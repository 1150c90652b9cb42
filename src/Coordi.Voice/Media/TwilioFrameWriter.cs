using System.Buffers.Text;
using System.Text;

namespace Coordi.Voice.Media;

/// <summary>
/// Builds outbound Media Stream frames (media, mark, clear) into a caller-owned buffer. The stream's fixed
/// parts are encoded once per call; a frame is then a few span copies, with no allocation.
/// </summary>
public sealed class TwilioFrameWriter
{
    private static readonly byte[] MediaSuffix = "\"}}"u8.ToArray();
    private static readonly byte[] MarkSuffix = "\"}}"u8.ToArray();

    private readonly byte[] _mediaPrefix;
    private readonly byte[] _markPrefix;
    private readonly byte[] _clear;

    public TwilioFrameWriter(string streamSid)
    {
        // Stream sids are "MZ" + hex: nothing in them needs JSON escaping.
        _mediaPrefix = Encoding.UTF8.GetBytes($"{{\"event\":\"media\",\"streamSid\":\"{streamSid}\",\"media\":{{\"payload\":\"");
        _markPrefix = Encoding.UTF8.GetBytes($"{{\"event\":\"mark\",\"streamSid\":\"{streamSid}\",\"mark\":{{\"name\":\"");
        _clear = Encoding.UTF8.GetBytes($"{{\"event\":\"clear\",\"streamSid\":\"{streamSid}\"}}");
    }

    public int MaxMediaFrameLength(int payloadLength) => _mediaPrefix.Length + payloadLength + MediaSuffix.Length;

    /// <summary>Writes a media frame carrying the base64 payload unchanged; returns the frame's length.</summary>
    public int WriteMedia(ReadOnlySpan<byte> base64Payload, Span<byte> destination)
    {
        _mediaPrefix.CopyTo(destination);
        var at = _mediaPrefix.Length;
        base64Payload.CopyTo(destination[at..]);
        at += base64Payload.Length;
        MediaSuffix.CopyTo(destination[at..]);
        return at + MediaSuffix.Length;
    }

    /// <summary>Writes a mark frame named by a sequence number.</summary>
    public int WriteMark(long sequence, Span<byte> destination)
    {
        _markPrefix.CopyTo(destination);
        var at = _markPrefix.Length;
        Utf8Formatter.TryFormat(sequence, destination[at..], out var written);
        at += written;
        MarkSuffix.CopyTo(destination[at..]);
        return at + MarkSuffix.Length;
    }

    public ReadOnlySpan<byte> Clear => _clear;
}
