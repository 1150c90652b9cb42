using Coordi.Contracts.Rules;

namespace Coordi.Voice.UnitTests.Rules;

/// <summary>The one phone number rule: what the edge hears, the portal is typed and the core stores.</summary>
public sealed class PhoneNumberRulesTests
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
    public void Numbers_as_spoken_or_typed_become_e164(string text, string e164)
    {
        Assert.Equal(e164, PhoneNumberRules.ToE164(text));
        Assert.True(PhoneNumberRules.IsE164(e164));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("555-12")]
    [InlineData("555 0143")]
    [InlineData("2-512-555-0143")]
    [InlineData("512 555 01434")]
    [InlineData("+12345678")]
    [InlineData("+1234567")]
    [InlineData("+1234567890123456")]
    [InlineData("(123) 456-7890")]
    [InlineData("five one two")]
    [InlineData("1-800-FLOWERS")]
    public void Text_that_is_not_a_valid_number_gives_null(string? text)
    {
        Assert.Null(PhoneNumberRules.ToE164(text));
    }

    [Fact]
    public void Every_number_the_edge_accepts_is_one_the_core_stores()
    {
        // The two used to differ: the edge took "+12345678" (eight digits after a plus), the core refused it.
        foreach (var text in (string[])["+12345678", "+123456789012345", "512 555 0143", "+44 20 7946 0958", "(123) 456-7890"])
        {
            if (PhoneNumberRules.ToE164(text) is { } e164)
            {
                Assert.True(PhoneNumberRules.IsE164(e164), text);
            }
        }
    }

    [Theory]
    [InlineData("+15125550143")]
    [InlineData("+442079460958")]
    public void E164_is_only_the_exact_form(string e164)
    {
        Assert.True(PhoneNumberRules.IsE164(e164));
        Assert.False(PhoneNumberRules.IsE164(e164[1..]));
        Assert.False(PhoneNumberRules.IsE164(e164 + "\0"));
        Assert.False(PhoneNumberRules.IsE164(" " + e164));
    }

    [Theory]
    [InlineData("+15125550143", "(512) 555-0143")]
    [InlineData("+442079460958", "+44 20 7946 0958")]
    [InlineData("anonymous", "anonymous")]
    public void Display_reads_as_people_write_numbers(string stored, string shown)
    {
        Assert.Equal(shown, PhoneNumberRules.Display(stored));
    }
}
