using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics;

namespace Coordi.Voice.EdgeBench;

/// <summary>
/// The bench's audio frames carry, in their first bytes, the moment they were sent (a Stopwatch timestamp) and
/// whether the caller is speaking. The edge passes the base64 payload through unchanged, so the far emulator can
/// read when the frame left the near one: both run in this process, on one clock. The rest of the frame is
/// mu-law silence.
/// </summary>
public static class AudioStamp
{
    public const byte Silence = 0xFF;
    private const byte Speech = 0x5A;

    /// <summary>Base64 of the stamp: 12 bytes encode to exactly 16 characters, so the stamp never shares a quartet with the rest.</summary>
    public const int StampedChars = 16;

    public static void Write(Span<byte> audio, bool speaking)
    {
        audio.Fill(Silence);
        BinaryPrimitives.WriteInt64LittleEndian(audio, Stopwatch.GetTimestamp());
        audio[8] = speaking ? Speech : Silence;
        audio[9] = 0x42; // "B": a bench frame
    }

    /// <summary>Reads the stamp from the start of a base64 payload; false for audio that carries none (e.g. a filler).</summary>
    public static bool TryRead(ReadOnlySpan<byte> base64, out long sentAt, out bool speaking)
    {
        sentAt = 0;
        speaking = false;
        Span<byte> stamp = stackalloc byte[12];
        if (base64.Length < StampedChars || Base64.DecodeFromUtf8(base64[..StampedChars], stamp, out _, out var written) != System.Buffers.OperationStatus.Done || written != 12 || stamp[9] != 0x42)
        {
            return false;
        }

        sentAt = BinaryPrimitives.ReadInt64LittleEndian(stamp);
        speaking = stamp[8] == Speech;
        return true;
    }

    /// <summary>The value of a JSON string property (no escapes expected) found by its key, e.g. <c>"payload":"</c>.</summary>
    public static ReadOnlySpan<byte> StringAfter(ReadOnlySpan<byte> json, ReadOnlySpan<byte> key)
    {
        var at = json.IndexOf(key);
        if (at < 0)
        {
            return default;
        }

        var rest = json[(at + key.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? default : rest[..end];
    }
}
