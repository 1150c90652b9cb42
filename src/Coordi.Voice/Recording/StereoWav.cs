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
            for (var i = 0; i < want; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 4), MuLaw.Decode(i < nl ? l[i] : MuLaw.Silence));
                BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan((i * 4) + 2), MuLaw.Decode(i < nr ? r[i] : MuLaw.Silence));
            }

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
