using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;

namespace Coordi.Voice.UnitTests.Rules;

/// <summary>The core's lead rules, which the edge runs before it tells a caller "saved".</summary>
public sealed class CreateLeadRequestValidatorTests
{
    private static readonly CreateLeadRequestValidator Validator = new();

    [Fact]
    public void A_complete_lead_is_valid()
    {
        Assert.True(Validator.Validate(Lead()).IsValid);
    }

    [Theory]
    [InlineData("Name")]
    [InlineData("Email")]
    [InlineData("Address")]
    [InlineData("Service")]
    [InlineData("Notes")]
    [InlineData("RequestId")]
    public void A_nul_in_any_text_is_refused_with_the_field_named(string field)
    {
        var lead = Lead();
        var property = typeof(CreateLeadRequest).GetProperty(field)!;
        property.SetValue(lead, property.GetValue(lead) + "\0");

        var result = Validator.Validate(lead);

        // Every error names the field, and one of them says why (an e-mail with a NUL is also not an e-mail).
        Assert.NotEmpty(result.Errors);
        Assert.All(result.Errors, e => Assert.Equal(field, e.PropertyName));
        Assert.Contains(result.Errors, e => e.ErrorMessage.Contains("control character", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("+12345678")]
    [InlineData("555-12")]
    [InlineData("5125550143")]
    public void A_phone_number_the_core_would_refuse_is_refused(string phone)
    {
        var lead = Lead();
        lead.Phone = phone;

        var error = Assert.Single(Validator.Validate(lead).Errors);

        Assert.Equal(nameof(CreateLeadRequest.Phone), error.PropertyName);
        Assert.Contains(phone, error.ErrorMessage);
    }

    private static CreateLeadRequest Lead() => new()
    {
        RequestId = "call:tool-1",
        Name = "Dana Smith",
        Phone = "+15125550143",
        Email = "dana@example.com",
        Address = "12 Oak Street",
        Service = "Drains",
        Notes = "Blocked sink\nsince Monday",
        CallId = "3f2b8c9e-1d4a-4b6c-9e8f-0a1b2c3d4e5f",
    };
}
