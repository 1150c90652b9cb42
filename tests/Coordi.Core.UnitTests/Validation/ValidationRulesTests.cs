using Coordi.Contracts.Rules;
using Coordi.Core.Validation;

namespace Coordi.Core.UnitTests.Validation;

public sealed class ValidationRulesTests
{
    [Theory]
    [InlineData("+15125550143")]
    [InlineData("+12125550100")]
    [InlineData("+442079460958")]
    public void E164_accepts_valid_numbers_in_canonical_form(string number)
    {
        Assert.True(PhoneNumberRules.IsE164(number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("5125550143")]
    [InlineData("15125550143")]
    [InlineData("+1512555")]
    [InlineData("+1512555014")]
    [InlineData("+151255501430")]
    [InlineData("+1 512 555 0143")]
    [InlineData("+1-512-555-0143")]
    [InlineData("+1(512)5550143")]
    [InlineData("+15125550143 ")]
    [InlineData(" +15125550143")]
    [InlineData("++15125550143")]
    [InlineData("+1512555014x")]
    [InlineData("+10005550143")]
    [InlineData("+12345678901234567")]
    [InlineData("anonymous")]
    public void E164_rejects_numbers_that_are_invalid_or_not_canonical(string? number)
    {
        Assert.False(PhoneNumberRules.IsE164(number));
    }

    [Theory]
    [InlineData("America/Chicago")]
    [InlineData("America/Indiana/Indianapolis")]
    [InlineData("Europe/Berlin")]
    [InlineData("UTC")]
    public void Time_zone_accepts_iana_ids(string zone)
    {
        Assert.True(ValidationRules.IsTimeZone(zone));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Base")]
    [InlineData("Chicago")]
    [InlineData("Central Standard Time")]
    [InlineData("UTC+5")]
    public void Time_zone_rejects_anything_else(string? zone)
    {
        Assert.False(ValidationRules.IsTimeZone(zone));
    }

    [Fact]
    public void Id_accepts_a_hyphenated_uuid()
    {
        Assert.True(FieldRules.IsId("3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5f"));
        Assert.True(FieldRules.IsId(Guid.Empty.ToString("D")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("42")]
    [InlineData("not-an-id")]
    [InlineData("3f2b8c9e1d4a4b6c9e8f0a1b2c3d4e5f")]
    [InlineData("{3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5f}")]
    [InlineData("3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5")]
    public void Id_rejects_anything_but_a_hyphenated_uuid(string? id)
    {
        Assert.False(FieldRules.IsId(id));
    }
}
