using Coordi.Voice.Recording;

namespace Coordi.Voice.UnitTests.Recording;

public sealed class MuLawTests
{
    [Theory]
    [InlineData(0xFF, 0)]
    [InlineData(0x7F, 0)]
    [InlineData(0x00, -32124)]
    [InlineData(0x80, 32124)]
    [InlineData(0xFE, 8)]
    [InlineData(0x7E, -8)]
    [InlineData(0xF0, 120)]
    [InlineData(0xEF, 132)]
    public void Decodes_known_values(int value, int linear)
    {
        Assert.Equal(linear, MuLaw.Decode((byte)value));
    }

    [Fact]
    public void Silence_decodes_to_zero()
    {
        Assert.Equal(0, MuLaw.Decode(MuLaw.Silence));
    }

    [Fact]
    public void The_sign_bit_mirrors_the_value()
    {
        for (var b = 0; b < 128; b++)
        {
            Assert.Equal(-MuLaw.Decode((byte)(b | 0x80)), MuLaw.Decode((byte)b));
        }
    }

    [Fact]
    public void Positive_half_rises_as_the_byte_falls()
    {
        var positive = Enumerable.Range(0x80, 128).Reverse().Select(b => MuLaw.Decode((byte)b)).ToList();

        Assert.Equal(positive.Order(), positive);
        Assert.Equal(128, positive.Distinct().Count());
    }
}
