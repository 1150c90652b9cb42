using System.Net;
using Coordi.Portal.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class SignUpTests(PortalFixture fixture)
{
    [Fact]
    public async Task Sign_up_creates_the_organization_in_the_core_and_an_owner_with_its_claim()
    {
        using var client = fixture.Portal.NewClient();
        var email = Owners.NewEmail();

        var landing = await Owners.SignUpAsync(client, email, "Bright Spark Electric");

        Assert.Equal("/Onboarding/Business", landing.Url.AbsolutePath);
        var organizationId = await Owners.OrganizationOfAsync(fixture, email);
        var organization = await fixture.VoiceEdge(organizationId).Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        Assert.Equal("Bright Spark Electric", organization.Name);
        Assert.Equal(email, organization.OwnerEmail);
        Assert.Equal("America/Chicago", organization.TimeZone);
        var role = await fixture.PortalDbAsync(db => db.UserClaims
            .Where(c => c.ClaimType == System.Security.Claims.ClaimTypes.Role && db.Users.Any(u => u.Id == c.UserId && u.Email == email))
            .Select(c => c.ClaimValue).SingleAsync());
        Assert.Equal(PortalRoles.Owner, role);
    }

    [Fact]
    public async Task Onboarding_steps_lead_from_sign_up_to_a_complete_dashboard()
    {
        var owner = await Owners.NewAsync(fixture);
        var client = owner.Client;

        var basics = await client.OpenAsync("/Onboarding/Business");
        var services = await client.SubmitAsync(basics, "main form", new Dictionary<string, string>
        {
            ["Basics.BusinessName"] = "Acme Plumbing & Drains",
            ["Basics.Description"] = "Family-owned plumbing in Austin since 1998.",
        });
        Assert.Equal("/Onboarding/Services", services.Url.AbsolutePath);

        var agent = await client.SubmitAsync(services, "main form", new Dictionary<string, string>
        {
            ["Offer.Services[0].Name"] = "Drain cleaning",
            ["Offer.Services[0].Description"] = "Kitchen and bathroom drains",
            ["Offer.Services[0].PriceMin"] = "89",
            ["Offer.Services[0].PriceMax"] = "149.50",
            ["Offer.Hours[5].Open"] = "true",
            ["Offer.Hours[5].OpensAt"] = "09:00",
            ["Offer.Hours[5].ClosesAt"] = "13:00",
            ["Offer.ServiceArea"] = "78701, 78702 78704",
        });
        Assert.Equal("/Onboarding/Agent", agent.Url.AbsolutePath);

        var phone = await client.SubmitAsync(agent, "main form", new Dictionary<string, string>
        {
            ["Agent.Name"] = "Riley",
            ["Agent.Voice"] = "coral",
            ["Agent.Greeting"] = "Thanks for calling Acme Plumbing, this is Riley. How can I help?",
        });
        Assert.Equal("/Onboarding/Phone", phone.Url.AbsolutePath);

        var number = TestData.UsNumber();
        var national = $"({number[2..5]}) {number[5..8]}-{number[8..]}";
        var done = await client.SubmitAsync(phone, "#number-form", new Dictionary<string, string> { ["Number.Number"] = national, ["Number.Label"] = "Main line" });
        Assert.Equal("/Onboarding/Done", done.Url.AbsolutePath);
        Assert.Equal("You're set up", done.Heading);

        var business = await owner.Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        Assert.Equal("Acme Plumbing & Drains", business.BusinessName);
        var service = Assert.Single(business.Services);
        Assert.Equal(("Drain cleaning", 8900L, 14950L), (service.Name, service.PriceMin.MinorUnits, service.PriceMax.MinorUnits));
        Assert.Equal(["78701", "78702", "78704"], business.ServiceAreaZips);
        Assert.Contains(business.WeeklyHours, h => h.DayOfWeek == 6 && h.Open.Hour == 9 && h.Close.Hour == 13);
        var profile = await owner.Core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        Assert.Equal(("Riley", "coral"), (profile.Name, profile.Voice));
        var numbers = await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest());
        Assert.Equal(number, Assert.Single(numbers.PhoneNumbers).E164);

        var dashboard = await client.OpenAsync("/");
        Assert.Null(dashboard.Document.QuerySelector(".checklist"));
    }

    [Fact]
    public async Task Onboarding_resumes_at_the_first_open_step_and_the_dashboard_lists_what_is_left()
    {
        var owner = await Owners.NewAsync(fixture);
        var basics = await owner.Client.OpenAsync("/Onboarding/Business");
        await owner.Client.SubmitAsync(basics, "main form", new Dictionary<string, string> { ["Basics.BusinessName"] = "Acme" });

        // Another device, the same account: progress is kept in the portal's database, not the browser.
        using var other = fixture.Portal.NewClient();
        await Owners.SignInAsync(other, owner.Email);
        var resumed = await other.OpenAsync("/Onboarding");
        Assert.Equal("/Onboarding/Services", resumed.Url.AbsolutePath);

        var dashboard = await other.OpenAsync("/");
        var checklist = dashboard.Document.QuerySelectorAll(".checklist li").Select(li => (li.ClassList.Contains("done"), dashboard.Text(li))).ToList();
        Assert.Equal(4, checklist.Count);
        Assert.True(checklist[0].Item1);
        Assert.All(checklist.Skip(1), step => Assert.False(step.Item1));
        Assert.NotNull(dashboard.Document.QuerySelector(".checklist a[href='/Onboarding/Services']"));
    }

    [Fact]
    public async Task The_phone_step_refuses_an_invalid_or_taken_number()
    {
        var owner = await Owners.NewAsync(fixture);
        var other = await Owners.NewAsync(fixture, "Other Co");
        var taken = TestData.UsNumber();
        await other.Core.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = taken });
        var phone = await owner.Client.OpenAsync("/Onboarding/Phone");

        var invalid = await owner.Client.SubmitAsync(phone, "#number-form", new Dictionary<string, string> { ["Number.Number"] = "555-12" });
        var duplicate = await owner.Client.SubmitAsync(phone, "#number-form", new Dictionary<string, string> { ["Number.Number"] = taken });

        Assert.StartsWith("Enter a valid phone number", invalid.FieldError("Number.Number"), StringComparison.Ordinal);
        Assert.Equal("This number is already connected to a Coordi account.", duplicate.FieldError("Number.Number"));
        Assert.Equal("/Onboarding/Phone", duplicate.Url.AbsolutePath);
        Assert.Empty((await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Fact]
    public async Task Sign_up_form_explains_what_is_missing_or_wrong()
    {
        using var client = fixture.Portal.NewClient();
        var form = await client.OpenAsync("/Account/SignUp");

        var empty = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = "short",
            ["Input.OrganizationName"] = "",
        });

        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal("/Account/SignUp", empty.Url.AbsolutePath);
        Assert.Equal("Enter your name.", empty.FieldError("Input.Name"));
        Assert.Equal(Coordi.Portal.Forms.ValidEmailAttribute.Message, empty.FieldError("Input.Email"));
        Assert.Equal("Use at least 10 characters.", empty.FieldError("Input.Password"));
        Assert.Equal("Enter your business name.", empty.FieldError("Input.OrganizationName"));
        Assert.Equal(0, await fixture.PortalDbAsync(db => db.Users.CountAsync(u => u.Email == "not-an-email")));
    }

    [Fact]
    public async Task An_email_that_already_has_an_account_cannot_sign_up_again()
    {
        var owner = await Owners.NewAsync(fixture);
        using var client = fixture.Portal.NewClient();

        var again = await Owners.SignUpAsync(client, owner.Email, "Second Business");

        Assert.Equal("/Account/SignUp", again.Url.AbsolutePath);
        Assert.Contains("already exists", again.FieldError("Input.Email"));
        Assert.Equal(1, await fixture.PortalDbAsync(db => db.Users.CountAsync(u => u.Email == owner.Email)));
    }

    [Fact]
    public async Task When_the_core_is_down_sign_up_shows_an_error_and_leaves_no_account()
    {
        await using var portal = fixture.CreatePortal($"http://127.0.0.1:{PostgresCluster.FreePort()}");
        using var client = portal.NewClient();
        var email = Owners.NewEmail();

        var page = await Owners.SignUpAsync(client, email);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("/Account/SignUp", page.Url.AbsolutePath);
        Assert.Contains(page.Errors, e => e.Contains("could not create your organization", StringComparison.Ordinal));
        Assert.Equal(0, await fixture.PortalDbAsync(db => db.Users.CountAsync(u => u.Email == email)));
        // The form keeps its request id, so submitting it again reuses whatever the core may have created.
        Assert.True(Guid.TryParse(page.Value("#Input_RequestId"), out _));
        var dashboard = await client.GetAsync("/");
        Assert.Equal("/Account/Login", dashboard.Url.AbsolutePath);
    }

    [Fact]
    public async Task A_retried_sign_up_reuses_the_organization_its_request_id_created()
    {
        var email = Owners.NewEmail();
        var requestId = Guid.NewGuid().ToString();
        // The first attempt reached the core, then failed before the account was saved.
        var first = await new OrganizationService.OrganizationServiceClient(fixture.Core.AsService(null)).CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = "Acme Plumbing",
            OwnerEmail = email,
            TimeZone = "America/Chicago",
            RequestId = requestId,
        });

        using var client = fixture.Portal.NewClient();
        var form = await client.OpenAsync("/Account/SignUp");
        var landing = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Pat Owner",
            ["Input.Email"] = email,
            ["Input.Password"] = Owners.Password,
            ["Input.OrganizationName"] = "Acme Plumbing",
            ["Input.RequestId"] = requestId,
        });

        Assert.Equal("/Onboarding/Business", landing.Url.AbsolutePath);
        Assert.Equal(first.Id, await Owners.OrganizationOfAsync(fixture, email));
    }

    [Fact]
    public async Task A_request_id_of_another_sign_up_never_attaches_a_new_account_to_that_organization()
    {
        var owner = await Owners.NewAsync(fixture);
        var requestId = Guid.NewGuid().ToString();
        await new OrganizationService.OrganizationServiceClient(fixture.Core.AsService(null)).CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = "Victim Co",
            OwnerEmail = owner.Email,
            TimeZone = "America/Chicago",
            RequestId = requestId,
        });
        using var client = fixture.Portal.NewClient();
        var form = await client.OpenAsync("/Account/SignUp");
        var attacker = Owners.NewEmail("attacker");

        var page = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Mallory",
            ["Input.Email"] = attacker,
            ["Input.Password"] = Owners.Password,
            ["Input.OrganizationName"] = "Victim Co",
            ["Input.RequestId"] = requestId,
        });

        Assert.Equal("/Account/SignUp", page.Url.AbsolutePath);
        Assert.Contains(page.Errors, e => e.Contains("already been used", StringComparison.Ordinal));
        Assert.NotEqual(requestId, page.Value("#Input_RequestId"));
        Assert.Equal(0, await fixture.PortalDbAsync(db => db.Users.CountAsync(u => u.Email == attacker)));
    }
}
