using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class CreateOrganizationRequestValidatorTests
{
    private readonly CreateOrganizationRequestValidator _validator = new();

    private static CreateOrganizationRequest Valid() => new()
    {
        Name = "Lone Star Plumbing",
        OwnerEmail = "owner@lonestar.example",
        TimeZone = "America/Chicago",
        RequestId = "signup-7f3a",
    };

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Valid()));

    [Theory]
    [InlineData(0)]
    [InlineData(201)]
    public void Name_is_required_and_limited(int length)
    {
        var request = Valid();
        request.Name = Text(length);

        Assert.Equal(["name"], Of(_validator, request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("@lonestar.example")]
    [InlineData("owner@")]
    public void Owner_email_must_be_an_address(string email)
    {
        var request = Valid();
        request.OwnerEmail = email;

        Assert.Equal(["owner_email"], Of(_validator, request));
    }

    [Fact]
    public void Owner_email_is_limited_to_254_characters()
    {
        var request = Valid();
        request.OwnerEmail = Text(250) + "@x.io";

        Assert.Equal(["owner_email"], Of(_validator, request));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mars/Base")]
    [InlineData("Central")]
    public void Time_zone_must_be_an_iana_id(string zone)
    {
        var request = Valid();
        request.TimeZone = zone;

        Assert.Equal(["time_zone"], Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public void Request_id_is_required_and_limited(int length)
    {
        var request = Valid();
        request.RequestId = Text(length);

        Assert.Equal(["request_id"], Of(_validator, request));
    }

    [Fact]
    public void Every_bad_field_is_reported_at_once()
    {
        var request = new CreateOrganizationRequest { TimeZone = "Mars/Base" };

        Assert.Equal(["name", "owner_email", "time_zone", "request_id"], Of(_validator, request));
    }
}

public sealed class UpdateOrganizationRequestValidatorTests
{
    private readonly UpdateOrganizationRequestValidator _validator = new();

    private static UpdateOrganizationRequest Valid() => new() { Name = "Lone Star Plumbing", TimeZone = "America/Chicago" };

    [Fact]
    public void Valid_request_without_optional_fields_passes() => Assert.Empty(Of(_validator, Valid()));

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void Concurrent_call_cap_within_bounds_passes(int cap)
    {
        var request = Valid();
        request.ConcurrentCallCap = cap;
        request.RecordingEnabled = false;

        Assert.Empty(Of(_validator, request));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public void Concurrent_call_cap_outside_bounds_fails(int cap)
    {
        var request = Valid();
        request.ConcurrentCallCap = cap;

        Assert.Equal(["concurrent_call_cap"], Of(_validator, request));
    }

    [Fact]
    public void Name_is_required()
    {
        var request = Valid();
        request.Name = "";

        Assert.Equal(["name"], Of(_validator, request));
    }

    [Fact]
    public void Time_zone_must_be_an_iana_id()
    {
        var request = Valid();
        request.TimeZone = "Mars/Base";

        Assert.Equal(["time_zone"], Of(_validator, request));
    }
}
