using System.Net;
using AngleSharp.Dom;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class PageTests(PortalFixture fixture)
{
    [Fact]
    public async Task Every_page_renders_for_an_owner_with_landmarks_labels_and_no_inline_code()
    {
        var owner = await Owners.NewAsync(fixture);
        var seeded = await Seed.CallWithLeadAsync(fixture.Core, owner.Core);
        string[] urls =
        [
            "/", "/?range=today", "/?range=30d",
            "/Calls", "/Calls?outcome=1&q=heater", $"/Calls/{seeded.Call.Id}",
            "/Leads", "/Leads?status=new", $"/Leads/{seeded.Lead.Id}",
            "/Agent", "/Business", "/Integrations", "/ApiKeys", "/ApiKeys?showRevoked=true", "/Team", "/Settings",
            "/Onboarding/Business", "/Onboarding/Services", "/Onboarding/Agent", "/Onboarding/Phone", "/Onboarding/Done",
            "/Account/Logout", "/Account/ForgotPassword",
        ];

        foreach (var url in urls)
        {
            var page = await owner.Client.OpenAsync(url);
            var doc = page.Document;
            Assert.True(doc.QuerySelectorAll("main").Length == 1, $"{url}: one main landmark");
            Assert.True(doc.QuerySelectorAll("h1").Length == 1, $"{url}: one h1");
            Assert.False(string.IsNullOrWhiteSpace(doc.Title), $"{url}: a title");
            Assert.Equal("en", doc.DocumentElement.GetAttribute("lang"));
            Assert.NotNull(doc.QuerySelector("nav[aria-label='Main']"));
            foreach (var control in doc.QuerySelectorAll("input:not([type=hidden]), select, textarea"))
            {
                Assert.True(HasLabel(doc, control), $"{url}: {control.OuterHtml} has no label");
            }

            Assert.Empty(doc.QuerySelectorAll("script:not([src])"));
            Assert.Empty(doc.QuerySelectorAll("[style]"));
            Assert.DoesNotContain(doc.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
            foreach (var form in doc.QuerySelectorAll("form[method=post]"))
            {
                Assert.True(form.QuerySelector("input[name=__RequestVerificationToken]") is not null, $"{url}: a form without an antiforgery token");
            }
        }
    }

    [Fact]
    public async Task Responses_carry_the_security_headers_and_the_sign_in_cookie_is_http_only_and_lax()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/");

        var csp = string.Join(' ', page.Response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("media-src 'self' " + PortalFixture.VoiceBaseUrl, csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(page.Response.Headers.GetValues("Referrer-Policy")));

        var cookie = await SignInCookieAsync(owner.Email);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        // Plain http in this test: Secure follows the request's scheme (see the https test).
        Assert.DoesNotContain("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cookies_are_marked_secure_on_https()
    {
        using var http = fixture.Portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
        });

        var response = await http.GetAsync("/Account/Login");

        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("coordi.antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_changes_nothing()
    {
        var owner = await Owners.NewAsync(fixture);

        var page = await owner.Client.PostRawAsync("/Settings", new Dictionary<string, string>
        {
            ["Input.Name"] = "Hijacked",
            ["Input.TimeZone"] = "Europe/Paris",
        });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        var organization = await owner.Core.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        Assert.Equal("Acme Plumbing", organization.Name);
        Assert.Equal("America/Chicago", organization.TimeZone);
    }

    [Fact]
    public async Task An_unknown_address_shows_the_not_found_page()
    {
        var owner = await Owners.NewAsync(fixture);

        var page = await owner.Client.GetAsync("/Calls/not-a-call");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Not found", page.Heading);
    }

    private static bool HasLabel(IDocument doc, IElement control) =>
        control.HasAttribute("aria-label") || control.HasAttribute("aria-labelledby")
        || (control.Id is { Length: > 0 } id && doc.QuerySelector($"label[for='{id}']") is not null)
        || control.Closest("label") is not null;

    private async Task<string> SignInCookieAsync(string email)
    {
        // Sign in on a client that does not follow redirects, to see the Set-Cookie header itself.
        using var http = fixture.Portal.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var login = PortalClient.Parse(await http.GetStringAsync("/Account/Login"));
        var response = await http.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = login.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Input.Email"] = email,
            ["Input.Password"] = Owners.Password,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("coordi.portal=", StringComparison.Ordinal));
    }
}
