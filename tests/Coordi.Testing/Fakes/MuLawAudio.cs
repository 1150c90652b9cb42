using Coordi.Voice.Recording;

namespace Coordi.Testing.Fakes;

/// <summary>
/// Telephone audio as the fakes make and measure it: G.711 μ-law at 8 kHz, one byte per sample, so eight bytes
/// per millisecond and 160 bytes per 20 ms media frame.
/// </summary>
public static class MuLawAudio
{
    public const int BytesPerMs = 8;

    public const int SampleRate = 8000;

    /// <summary>Digital silence (0xFF decodes to 0; 0x00 would be full scale).</summary>
    public const byte Silence = MuLaw.Silence;

    /// <summary>RMS above which a frame counts as speech; silence is 0, <see cref="Speech"/> is several thousand.</summary>
    public const double SpeechThreshold = 500;

    /// <summary>
    /// "Speech": a 300 Hz tone at a talking level, continuous across calls when <paramref name="firstSample"/>
    /// counts the samples already produced.
    /// </summary>
    public static void Speech(Span<byte> destination, long firstSample)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var t = (firstSample + i) / (double)SampleRate;
            destination[i] = Encode((short)(9000 * Math.Sin(2 * Math.PI * 300 * t)));
        }
    }

    public static double Rms(ReadOnlySpan<byte> mulaw)
    {
        if (mulaw.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var b in mulaw)
        {
            double s = MuLaw.Decode(b);
            sum += s * s;
        }

        return Math.Sqrt(sum / mulaw.Length);
    }

    /// <summary>G.711 μ-law encoding of one 16-bit linear sample.</summary>
    public static byte Encode(short sample)
    {
        const int bias = 0x84;
        const int clip = 32635;
        int value = sample;
        var sign = value < 0 ? 0x80 : 0;
        if (sign != 0)
        {
            value = -value;
        }

        value = Math.Min(value, clip) + bias;
        var exponent = 7;
        for (var mask = 0x4000; (value & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        var mantissa = (value >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }
}
