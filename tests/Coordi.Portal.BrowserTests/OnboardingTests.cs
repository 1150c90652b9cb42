using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Coordi.Portal.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class OnboardingTests(BrowserFixture fixture)
{
    [Fact]
    public Task A_new_owner_signs_up_confirms_the_email_and_goes_through_every_onboarding_step() => fixture.InBrowserAsync(async page =>
    {
        var email = BrowserOwners.NewEmail();
        await BrowserOwners.SignUpAsync(page, email, "Bright Spark Electric");
        var organizationId = await BrowserOwners.OrganizationOfAsync(fixture, email);
        var core = fixture.VoiceEdge(organizationId);

        // Before anything is set up, the dashboard lists every step still to do and asks for the email confirmation.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bright Spark Electric");
        await Expect(page.Locator(".checklist li")).ToHaveCountAsync(4);
        await Expect(page.Locator(".checklist li.done")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Please confirm your email address")).ToBeVisibleAsync();

        var confirmation = new Uri(fixture.Mail.LinkTo(email, "/Account/ConfirmEmail"), UriKind.Relative);
        await page.GotoAsync(confirmation.ToString());
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("your email address is confirmed");

        // Onboarding picks up at the first open step.
        await page.GotoAsync("/Onboarding");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Onboarding/Business$"));
        await page.GetByLabel("Business name").FillAsync("Bright Spark Electric");
        await page.GetByLabel("What the business does").FillAsync("Licensed electricians in Austin. Panels, lighting and EV chargers.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Onboarding/Services$"));
        await Expect(page.Locator("nav.steps li.done")).ToHaveCountAsync(1);
        await page.GetByLabel("Service 1 name").FillAsync("EV charger install");
        await page.GetByLabel("Service 1 description").FillAsync("Level 2 home chargers");
        await page.GetByLabel("Service 1 lowest price").FillAsync("450");
        await page.GetByLabel("Service 1 highest price").FillAsync("1200.50");
        await page.GetByLabel("Open on Saturday").CheckAsync();
        await page.GetByLabel("Saturday opens at").FillAsync("09:00");
        await page.GetByLabel("Saturday closes at").FillAsync("13:00");
        await page.GetByLabel("ZIP codes served").FillAsync("78701, 78702 78704");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Onboarding/Agent$"));
        await Expect(page.Locator("nav.steps li.done")).ToHaveCountAsync(2);
        await page.GetByLabel("Receptionist's name").FillAsync("Riley");
        await page.GetByLabel("Voice").SelectOptionAsync("coral");
        await page.GetByLabel("Greeting").FillAsync("Thanks for calling Bright Spark Electric, this is Riley. How can I help?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Onboarding/Phone$"));
        await Expect(page.Locator("nav.steps li.done")).ToHaveCountAsync(3);
        var number = TestData.UsNumber();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Phone number" }).FillAsync($"({number[2..5]}) {number[5..8]}-{number[8..]}");
        await page.GetByLabel("Label (optional)").FillAsync("Main line");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect the number" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Onboarding/Done$"));
        await Expect(page.Locator("h1")).ToHaveTextAsync("You're set up");
        await page.GetByRole(AriaRole.Link, new() { Name = "Go to the dashboard" }).ClickAsync();

        // Set up and confirmed: the dashboard shows the organization with nothing left to do.
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bright Spark Electric");
        await Expect(page.Locator("[data-metric=calls]")).ToHaveTextAsync("0");
        await Expect(page.Locator(".checklist")).ToHaveCountAsync(0);
        await Expect(page.GetByText("Please confirm your email address")).ToHaveCountAsync(0);

        // What the owner typed is what the core stored.
        var business = await core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        Assert.Equal("Bright Spark Electric", business.BusinessName);
        Assert.Equal("Licensed electricians in Austin. Panels, lighting and EV chargers.", business.Description);
        var service = Assert.Single(business.Services);
        Assert.Equal(("EV charger install", "Level 2 home chargers", 45000L, 120050L), (service.Name, service.Description, service.PriceMin.MinorUnits, service.PriceMax.MinorUnits));
        Assert.Equal(["78701", "78702", "78704"], business.ServiceAreaZips);
        var saturday = Assert.Single(business.WeeklyHours, h => h.DayOfWeek == 6);
        Assert.Equal((9, 13), (saturday.Open.Hour, saturday.Close.Hour));
        var agent = await core.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        Assert.Equal(("Riley", "coral"), (agent.Name, agent.Voice));
        Assert.Equal("Thanks for calling Bright Spark Electric, this is Riley. How can I help?", agent.Greeting);
        var phone = Assert.Single((await core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        Assert.Equal((number, "Main line"), (phone.E164, phone.Label));
        var organization = await core.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        Assert.Equal((email, "America/Chicago"), (organization.OwnerEmail, organization.TimeZone));
    });
}
