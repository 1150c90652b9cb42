using System.Net;
using Coordi.Portal.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>Signs people up through the portal's own pages, as they would.</summary>
public static class Owners
{
    public const string Password = "correct horse battery";

    public static string NewEmail(string who = "owner") => $"{who}+{Guid.NewGuid():N}@example.com";

    /// <summary>Fills in the sign-up form; the returned page is where the portal sent the new owner.</summary>
    public static async Task<PortalPage> SignUpAsync(PortalClient client, string email, string business = "Acme Plumbing", string password = Password)
    {
        var form = await client.OpenAsync("/Account/SignUp");
        return await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Pat Owner",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.OrganizationName"] = business,
            ["Input.TimeZone"] = "America/Chicago",
        });
    }

    /// <summary>A new organization with its owner signed in on a fresh client.</summary>
    public static async Task<Owner> NewAsync(PortalFixture fixture, string business = "Acme Plumbing")
    {
        var client = fixture.Portal.NewClient();
        var email = NewEmail();
        var landing = await SignUpAsync(client, email, business);
        Assert.Equal(HttpStatusCode.OK, landing.Status);
        Assert.Equal("/Onboarding/Business", landing.Url.AbsolutePath);
        var organizationId = await OrganizationOfAsync(fixture, email);
        return new Owner(client, email, organizationId, fixture.VoiceEdge(organizationId));
    }

    public static async Task<PortalPage> SignInAsync(PortalClient client, string email, string password = Password)
    {
        var login = await client.OpenAsync("/Account/Login");
        return await client.SubmitAsync(login, "main form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    public static Task<string> OrganizationOfAsync(PortalFixture fixture, string email) =>
        fixture.PortalDbAsync(db =>
            (from user in db.Users
             join claim in db.UserClaims on user.Id equals claim.UserId
             where user.NormalizedEmail == email.ToUpperInvariant() && claim.ClaimType == PortalClaims.Organization
             select claim.ClaimValue!).SingleAsync());
}

/// <summary>A signed-in owner and core clients for the same organization (to put calls and leads in place).</summary>
public sealed record Owner(PortalClient Client, string Email, string OrganizationId, TenantClients Core);
