using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class EmailRulesTests
{
    [Theory]
    [InlineData("a@@b")]
    [InlineData("a@@b.test")]
    [InlineData("a@b@c.test")]
    [InlineData("a b@c.test")]
    [InlineData("a@c .test")]
    [InlineData(" a@c.test")]
    [InlineData("a@c.test ")]
    [InlineData("mailto:a@c.test")]
    [InlineData("\"a b\"@c.test")]
    [InlineData("<a@c.test>")]
    [InlineData("Jane <a@c.test>")]
    [InlineData("a@b")]
    [InlineData("a@-b.test")]
    [InlineData("a@b-.test")]
    [InlineData("a@b..test")]
    [InlineData("a@.b.test")]
    [InlineData("a@b.test.")]
    [InlineData(".a@c.test")]
    [InlineData("a.@c.test")]
    [InlineData("a..b@c.test")]
    [InlineData("a@[192.0.2.1]")]
    [InlineData("a\u0000@c.test")]
    [InlineData("a\n@c.test")]
    [InlineData("a@c.test\n")]
    public void Malformed_addresses_are_refused(string email) => Assert.False(EmailRules.IsEmail(email));

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("dana.smith+crm@acme.example.com")]
    [InlineData("o'brien@plumbing.example")]
    [InlineData("jos\u00e9@m\u00fcller.example")]
    [InlineData("x@a-b.co")]
    public void Ordinary_addresses_are_accepted(string email) => Assert.True(EmailRules.IsEmail(email));

    [Theory]
    [InlineData("a@@b")]
    [InlineData("a b@c.test")]
    [InlineData("mailto:owner@lonestar.example")]
    public void Both_the_required_and_the_optional_rule_refuse_them(string email)
    {
        var organization = new CreateOrganizationRequest { Name = "Lone Star", OwnerEmail = email, TimeZone = "America/Chicago", RequestId = "signup-1" };
        var lead = new CreateLeadRequest { RequestId = "lead-1", Name = "Jane", Phone = "+15125550143", Email = email, Urgency = Urgency.High };

        Assert.Equal(["owner_email"], Of(new CreateOrganizationRequestValidator(), organization));
        Assert.Equal(["email"], Of(new CreateLeadRequestValidator(), lead));
    }

    [Fact]
    public void An_address_longer_than_254_characters_is_refused() =>
        Assert.False(EmailRules.IsEmail(Text(64) + "@" + string.Join('.', Enumerable.Repeat(Text(60), 4)) + ".test"));
}
