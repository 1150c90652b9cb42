using System.Net;
using Coordi.Portal.Forms;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.FunctionalTests;

/// <summary>
/// Every form that takes an e-mail address checks it by the core's rule: addresses an outside probe got past the
/// portal ("a@@b", a space inside, a "mailto:" link) are answered with a field error in plain words, and the form
/// does nothing else.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EmailFieldTests(PortalFixture fixture)
{
    public static TheoryData<string> BadAddresses => new() { "a@@b", "a b@c.test", "mailto:x@y.test", "jane@example", "jane@example.com." };

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task Sign_up_refuses_a_malformed_address_and_creates_no_account(string address)
    {
        using var client = fixture.Portal.NewClient();

        var page = await Owners.SignUpAsync(client, address);

        Assert.Equal("/Account/SignUp", page.Url.AbsolutePath);
        Assert.Equal(ValidEmailAttribute.Message, page.FieldError("Input.Email"));
        Assert.Equal(0, await fixture.PortalDbAsync(db => db.Users.CountAsync(u => u.Email == address)));
    }

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task Sign_in_refuses_a_malformed_address_before_looking_for_an_account(string address)
    {
        using var client = fixture.Portal.NewClient();

        var page = await Owners.SignInAsync(client, address);

        Assert.Equal("/Account/Login", page.Url.AbsolutePath);
        Assert.Equal(ValidEmailAttribute.Message, page.FieldError("Input.Email"));
        Assert.DoesNotContain("The email or password is not right.", page.Errors);
    }

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task Password_reset_request_refuses_a_malformed_address_and_sends_nothing(string address)
    {
        using var client = fixture.Portal.NewClient();
        var form = await client.OpenAsync("/Account/ForgotPassword");

        var page = await client.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Email"] = address });

        Assert.Equal(ValidEmailAttribute.Message, page.FieldError("Input.Email"));
        Assert.DoesNotContain("If an account exists", page.Text("main"), StringComparison.Ordinal);
        Assert.Empty(fixture.Mail.MessagesTo(address));
    }

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task A_reset_link_whose_address_was_altered_is_explained_and_changes_no_password(string address)
    {
        var owner = await Owners.NewAsync(fixture);
        using var client = fixture.Portal.NewClient();
        var reset = await client.OpenAsync($"/Account/ResetPassword?email={Uri.EscapeDataString(address)}&token=altered");

        var page = await client.SubmitAsync(reset, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        Assert.Equal("This reset link is not valid. Ask for a new one.", page.FieldError("Input.Email"));
        Assert.DoesNotContain("Your password has been changed", page.Text("main"), StringComparison.Ordinal);
        using var later = fixture.Portal.NewClient();
        Assert.Equal("/", (await Owners.SignInAsync(later, owner.Email)).Url.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task A_team_invitation_to_a_malformed_address_is_refused_and_not_sent(string address)
    {
        var owner = await Owners.NewAsync(fixture);
        var team = await owner.Client.OpenAsync("/Team");

        var page = await owner.Client.SubmitAsync(team, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = address });

        Assert.Equal(ValidEmailAttribute.Message, page.FieldError("Input.Email"));
        Assert.Equal(0, await fixture.PortalDbAsync(db => db.Invitations.CountAsync(i => i.OrganizationId == owner.OrganizationId)));
        Assert.Empty(fixture.Mail.MessagesTo(address));
    }

    [Theory]
    [MemberData(nameof(BadAddresses))]
    public async Task A_lead_edit_with_a_malformed_address_is_refused_and_saves_nothing(string address)
    {
        var owner = await Owners.NewAsync(fixture);
        var lead = await Seed.LeadAsync(owner.Core, "Dana Smith");
        var form = await owner.Client.OpenAsync($"/Leads/{lead.Id}");

        var page = await owner.Client.SubmitAsync(form, "#lead-form", new Dictionary<string, string> { ["Edit.Email"] = address });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(ValidEmailAttribute.Message, page.FieldError("Edit.Email"));
        var stored = await owner.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal(lead.Email, stored.Email);
        Assert.Empty(stored.History);
    }

    [Fact]
    public async Task An_address_typed_with_spaces_around_it_is_accepted_as_the_address_itself()
    {
        var owner = await Owners.NewAsync(fixture);
        using var client = fixture.Portal.NewClient();

        var page = await Owners.SignInAsync(client, "  " + owner.Email + " ");

        Assert.Equal("/", page.Url.AbsolutePath);
    }
}
