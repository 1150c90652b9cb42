using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class AssignPhoneNumberRequestValidatorTests
{
    private readonly AssignPhoneNumberRequestValidator _validator = new();

    private static AssignPhoneNumberRequest Valid() => new()
    {
        E164 = "+15125550143",
        Label = "Main line",
        TwilioSid = "PN0123456789abcdef0123456789ABCDEF",
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Fact]
    public void Label_and_sid_are_optional() => Assert.Empty(Of(_validator, new AssignPhoneNumberRequest { E164 = "+15125550143" }));

    [Theory]
    [InlineData("")]
    [InlineData("5125550143")]
    [InlineData("+1512555")]
    [InlineData("+1 512 555 0143")]
    public void Number_must_be_e164(string number)
    {
        var request = Valid();
        request.E164 = number;

        Assert.Equal(["e164"], Of(_validator, request));
    }

    [Theory]
    [InlineData("PN123")]
    [InlineData("CA0123456789abcdef0123456789abcdef")]
    [InlineData("PN0123456789abcdef0123456789abcdeg")]
    [InlineData("pn0123456789abcdef0123456789abcdef")]
    public void Twilio_sid_must_be_PN_and_32_hex_digits(string sid)
    {
        var request = Valid();
        request.TwilioSid = sid;

        Assert.Equal(["twilio_sid"], Of(_validator, request));
    }

    [Fact]
    public void Label_is_limited_to_100_characters()
    {
        var request = Valid();
        request.Label = Text(101);

        Assert.Equal(["label"], Of(_validator, request));
    }
}

public sealed class ListPhoneNumbersRequestValidatorTests
{
    private readonly ListPhoneNumbersRequestValidator _validator = new();

    [Fact]
    public void Default_request_passes() => Assert.Empty(Of(_validator, new ListPhoneNumbersRequest()));

    [Fact]
    public void Paging_must_be_within_limits() =>
        Assert.Equal(["page_size", "page_token"], Of(_validator, new ListPhoneNumbersRequest { PageSize = 201, PageToken = Text(201) }));
}

public sealed class ReleasePhoneNumberRequestValidatorTests
{
    private readonly ReleasePhoneNumberRequestValidator _validator = new();

    [Fact]
    public void Uuid_id_passes() => Assert.Empty(Of(_validator, new ReleasePhoneNumberRequest { Id = NewId() }));

    [Theory]
    [InlineData("")]
    [InlineData("+15125550143")]
    public void Id_must_be_a_uuid(string id) => Assert.Equal(["id"], Of(_validator, new ReleasePhoneNumberRequest { Id = id }));
}

public sealed class ResolvePhoneNumberRequestValidatorTests
{
    private readonly ResolvePhoneNumberRequestValidator _validator = new();

    [Fact]
    public void E164_number_passes() => Assert.Empty(Of(_validator, new ResolvePhoneNumberRequest { E164 = "+15125550143" }));

    [Theory]
    [InlineData("")]
    [InlineData("5125550143")]
    [InlineData("+1 512 555 0143")]
    public void Number_must_be_e164(string number) =>
        Assert.Equal(["e164"], Of(_validator, new ResolvePhoneNumberRequest { E164 = number }));
}
