using Coordi.Voice.Tools;

namespace Coordi.Voice.UnitTests.Tools;

public sealed class PhoneNumberTextTests
{
    [Theory]
    [InlineData("512 555 0143", "+15125550143")]
    [InlineData("5125550143", "+15125550143")]
    [InlineData("(512) 555-0143", "+15125550143")]
    [InlineData("512.555.0143", "+15125550143")]
    [InlineData("1-512-555-0143", "+15125550143")]
    [InlineData("1 (512) 555 0143", "+15125550143")]
    [InlineData("+1 512 555 0143", "+15125550143")]
    [InlineData("  +1 (512) 555-0143  ", "+15125550143")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("+49 30 123456", "+4930123456")]
    [InlineData("+12345678", "+12345678")]
    [InlineData("+123456789012345", "+123456789012345")]
    public void Numbers_as_spoken_become_e164(string text, string e164)
    {
        Assert.Equal(e164, PhoneNumberText.ToE164(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("555 0143")]
    [InlineData("2-512-555-0143")]
    [InlineData("512 555 01434")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("five one two")]
    [InlineData("٥١٢٥٥٥٠١٤٣")]
    public void Text_that_is_not_a_whole_number_gives_null(string? text)
    {
        Assert.Null(PhoneNumberText.ToE164(text));
    }
}
