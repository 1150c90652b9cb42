using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class AccountTests(PortalFixture fixture)
{
    [Fact]
    public async Task Pages_need_a_signed_in_user_and_send_others_to_the_login()
    {
        using var client = fixture.Portal.NewClient();

        var page = await client.GetAsync("/Leads");

        Assert.Equal("/Account/Login", page.Url.AbsolutePath);
        Assert.Contains("ReturnUrl=%2FLeads", page.Url.Query);
    }

    [Fact]
    public async Task An_owner_signs_out_and_back_in_and_lands_where_they_were_going()
    {
        var owner = await Owners.NewAsync(fixture);
        var dashboard = await owner.Client.OpenAsync("/");
        await owner.Client.SubmitAsync(dashboard, "form.signout");
        Assert.Equal("/Account/Login", (await owner.Client.GetAsync("/Calls")).Url.AbsolutePath);

        var login = await owner.Client.OpenAsync("/Account/Login?ReturnUrl=%2FCalls");
        var calls = await owner.Client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = owner.Email, ["Input.Password"] = Owners.Password });

        Assert.Equal(HttpStatusCode.OK, calls.Status);
        Assert.Equal("/Calls", calls.Url.AbsolutePath);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        var owner = await Owners.NewAsync(fixture);
        using var client = fixture.Portal.NewClient();

        var page = await Owners.SignInAsync(client, owner.Email, "not the password");

        Assert.Equal("/Account/Login", page.Url.AbsolutePath);
        Assert.Contains("The email or password is not right.", page.Errors);
    }

    [Fact]
    public async Task Five_failed_sign_ins_lock_the_account_even_against_the_right_password()
    {
        var owner = await Owners.NewAsync(fixture);
        using var client = fixture.Portal.NewClient();
        for (var i = 0; i < 5; i++)
        {
            await Owners.SignInAsync(client, owner.Email, "wrong password " + i);
        }

        var page = await Owners.SignInAsync(client, owner.Email);

        Assert.Equal("/Account/Login", page.Url.AbsolutePath);
        Assert.Contains(page.Errors, e => e.Contains("locked", StringComparison.Ordinal));
        var lockoutEnd = await fixture.PortalDbAsync(db => db.Users.Where(u => u.Email == owner.Email).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task The_confirmation_email_confirms_the_address()
    {
        var owner = await Owners.NewAsync(fixture);
        var dashboard = await owner.Client.OpenAsync("/");
        Assert.Contains("confirm your email", dashboard.Text(".alert-info"), StringComparison.OrdinalIgnoreCase);

        var link = fixture.Mail.LinkTo(owner.Email, "/Account/ConfirmEmail");
        var confirmed = await owner.Client.OpenAsync(link);

        Assert.Contains("confirmed", confirmed.Text("main"), StringComparison.Ordinal);
        Assert.True(await fixture.PortalDbAsync(db => db.Users.Where(u => u.Email == owner.Email).Select(u => u.EmailConfirmed).SingleAsync()));
        Assert.Null((await owner.Client.OpenAsync("/")).Document.QuerySelector(".alert-info"));
    }

    [Fact]
    public async Task An_owner_can_ask_for_the_confirmation_email_again()
    {
        var owner = await Owners.NewAsync(fixture);
        var dashboard = await owner.Client.OpenAsync("/");

        var after = await owner.Client.SubmitAsync(dashboard, ".alert-info form");

        Assert.Contains("We sent you a new confirmation link.", after.Text("main"), StringComparison.Ordinal);
        Assert.Equal(2, fixture.Mail.MessagesTo(owner.Email).Count(m => m.Contains("Confirm your email", StringComparison.Ordinal)));
        Assert.Contains("confirmed", (await owner.Client.OpenAsync(fixture.Mail.LinkTo(owner.Email, "/Account/ConfirmEmail"))).Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_confirmation_link_confirms_nothing()
    {
        var owner = await Owners.NewAsync(fixture);
        var link = fixture.Mail.LinkTo(owner.Email, "/Account/ConfirmEmail");

        var page = await owner.Client.OpenAsync(link.Replace("token=", "token=x", StringComparison.Ordinal));

        Assert.Contains("not valid", page.Text("main"), StringComparison.Ordinal);
        Assert.False(await fixture.PortalDbAsync(db => db.Users.Where(u => u.Email == owner.Email).Select(u => u.EmailConfirmed).SingleAsync()));
    }

    [Fact]
    public async Task A_password_reset_email_is_written_to_the_pickup_folder_and_its_link_sets_a_new_password()
    {
        var owner = await Owners.NewAsync(fixture);
        using var client = fixture.Portal.NewClient();
        var forgot = await client.OpenAsync("/Account/ForgotPassword");

        var sent = await client.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Input.Email"] = owner.Email });
        Assert.Contains("If an account exists", sent.Text("main"), StringComparison.Ordinal);

        var message = Assert.Single(fixture.Mail.MessagesTo(owner.Email), m => m.Contains("Reset your Coordi password", StringComparison.Ordinal));
        Assert.Contains("http://localhost/Account/ResetPassword?", message, StringComparison.Ordinal);
        var reset = await client.OpenAsync(fixture.Mail.LinkTo(owner.Email, "/Account/ResetPassword"));
        var done = await client.SubmitAsync(reset, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        Assert.Contains("Your password has been changed", done.Text("main"), StringComparison.Ordinal);

        Assert.Equal("/Account/Login", (await Owners.SignInAsync(client, owner.Email, Owners.Password)).Url.AbsolutePath);
        var signedIn = await Owners.SignInAsync(client, owner.Email, "a brand new passphrase");
        Assert.Equal("/", signedIn.Url.AbsolutePath);

        // A reset link works once: the password change rotates the security stamp it was issued against.
        using var later = fixture.Portal.NewClient();
        var again = await later.OpenAsync(fixture.Mail.LinkTo(owner.Email, "/Account/ResetPassword"));
        var reused = await later.SubmitAsync(again, "main form", new Dictionary<string, string>
        {
            ["Input.Password"] = "yet another passphrase",
            ["Input.ConfirmPassword"] = "yet another passphrase",
        });
        Assert.Contains(reused.Errors, e => e.Contains("not valid or has expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Asking_to_reset_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        using var client = fixture.Portal.NewClient();
        var email = Owners.NewEmail("nobody");
        var forgot = await client.OpenAsync("/Account/ForgotPassword");

        var sent = await client.SubmitAsync(forgot, "main form", new Dictionary<string, string> { ["Input.Email"] = email });

        Assert.Contains("If an account exists", sent.Text("main"), StringComparison.Ordinal);
        Assert.Empty(fixture.Mail.MessagesTo(email));
    }

    [Fact]
    public async Task Health_probes_answer_without_signing_in()
    {
        using var client = fixture.Portal.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.Http.GetAsync("/readyz")).StatusCode);
    }
}
