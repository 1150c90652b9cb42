namespace Coordi.Voice.Recording;

/// <summary>G.711 μ-law to 16-bit linear PCM, the telephone encoding Twilio and pcmu use.</summary>
public static class MuLaw
{
    /// <summary>The μ-law byte of digital silence.</summary>
    public const byte Silence = 0xFF;

    private static readonly short[] Table = BuildTable();

    public static short Decode(byte value) => Table[value];

    private static short[] BuildTable()
    {
        var table = new short[256];
        for (var i = 0; i < 256; i++)
        {
            var u = ~i & 0xFF;
            var sign = u & 0x80;
            var exponent = (u >> 4) & 0x07;
            var mantissa = u & 0x0F;
            var magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
            table[i] = (short)(sign != 0 ? -magnitude : magnitude);
        }

        return table;
    }
}
