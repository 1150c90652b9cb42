using System.Text.RegularExpressions;
using Coordi.Portal.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordi.Portal.BrowserTests.Infrastructure;

/// <summary>Signs owners up by typing into the portal's sign-up page, as they would.</summary>
public static partial class BrowserOwners
{
    public const string Password = "correct horse battery";

    public static string NewEmail() => $"owner+{Guid.NewGuid():N}@example.com";

    /// <summary>Fills in and sends the sign-up form; returns once the portal has moved on to onboarding.</summary>
    public static async Task SignUpAsync(IPage page, string email, string business)
    {
        await page.GotoAsync("/Account/SignUp");
        await page.GetByLabel("Your name").FillAsync("Pat Owner");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Business name").FillAsync(business);
        await page.GetByLabel("Time zone").SelectOptionAsync("America/Chicago");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(OnboardingBusiness());
    }

    /// <summary>A new organization with its owner signed in on <paramref name="page"/>, and core clients for it.</summary>
    public static async Task<BrowserOwner> NewAsync(BrowserFixture fixture, IPage page, string business = "Acme Plumbing")
    {
        var email = NewEmail();
        await SignUpAsync(page, email, business);
        var organizationId = await OrganizationOfAsync(fixture, email);
        return new BrowserOwner(email, organizationId, fixture.VoiceEdge(organizationId));
    }

    public static Task<string> OrganizationOfAsync(BrowserFixture fixture, string email) =>
        fixture.PortalDbAsync(db =>
            (from user in db.Users
             join claim in db.UserClaims on user.Id equals claim.UserId
             where user.NormalizedEmail == email.ToUpperInvariant() && claim.ClaimType == PortalClaims.Organization
             select claim.ClaimValue!).SingleAsync());

    [GeneratedRegex("/Onboarding/Business$")]
    private static partial Regex OnboardingBusiness();
}

/// <summary>An owner signed in in the browser, and core clients for the same organization.</summary>
public sealed record BrowserOwner(string Email, string OrganizationId, TenantClients Core);
