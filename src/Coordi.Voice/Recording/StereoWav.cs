using System.Buffers.Binary;

namespace Coordi.Voice.Recording;

/// <summary>Writes two μ-law mono tracks as one 16-bit PCM stereo WAV at 8 kHz, which every browser plays.</summary>
public static class StereoWav
{
    public const int SampleRate = 8000;

    public static async Task WriteAsync(string path, Stream left, Stream right, CancellationToken cancellationToken)
    {
        var frames = Math.Max(left.Length, right.Length);
        var dataBytes = frames * 4;
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await output.WriteAsync(Header(dataBytes), cancellationToken);

        var l = new byte[8192];
        var r = new byte[8192];
        var pcm = new byte[8192 * 4];
        for (long done = 0; done < frames;)
        {
            var want = (int)Math.Min(l.Length, frames - done);
            var nl = await ReadUpTo(left, l, want, cancellationToken);
            var nr = await ReadUpTo(right, r, want, cancellationToken);
            Interleave(l.AsSpan(0, nl), r.AsSpan(0, nr), pcm.AsSpan(0, want * 4));
            await output.WriteAsync(pcm.AsMemory(0, want * 4), cancellationToken);
            done += want;
        }
    }

    public static byte[] Header(long dataBytes)
    {
        var h = new byte[44];
        var span = h.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)(36 + dataBytes));
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(span[22..], 2); // stereo: caller left, agent right
        BinaryPrimitives.WriteUInt32LittleEndian(span[24..], SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(span[28..], SampleRate * 4);
        BinaryPrimitives.WriteUInt16LittleEndian(span[32..], 4);
        BinaryPrimitives.WriteUInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[40..], (uint)dataBytes);
        return h;
    }

    /// <summary>
    /// Decodes one block of both tracks into interleaved 16-bit stereo; a track that ended plays silence. Kept out of
    /// the async method, whose locals live on the heap, so the per-sample loop runs on registers.
    /// </summary>
    private static void Interleave(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> pcm)
    {
        var silence = MuLaw.Decode(MuLaw.Silence);
        for (var i = 0; i < pcm.Length / 4; i++)
        {
            var frame = pcm.Slice(i * 4, 4);
            BinaryPrimitives.WriteInt16LittleEndian(frame, i < left.Length ? MuLaw.Decode(left[i]) : silence);
            BinaryPrimitives.WriteInt16LittleEndian(frame[2..], i < right.Length ? MuLaw.Decode(right[i]) : silence);
        }
    }

    private static async Task<int> ReadUpTo(Stream stream, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < count)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(total, count - total), cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }
}
