using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class TwilioNumberTests(PortalFixture fixture)
{
    private const string VoiceUrl = PortalFixture.VoiceBaseUrl + "/twilio/voice";

    [Fact]
    public async Task Without_a_twilio_account_the_pages_offer_to_enter_a_number_for_later()
    {
        var owner = await Owners.NewAsync(fixture);

        var integrations = await owner.Client.OpenAsync("/Integrations");
        var phoneStep = await owner.Client.OpenAsync("/Onboarding/Phone");

        foreach (var page in new[] { integrations, phoneStep })
        {
            Assert.NotNull(page.Document.QuerySelector("#number-form"));
            Assert.Null(page.Document.QuerySelector("#number-search-form"));
            Assert.Null(page.Document.QuerySelector("#owned-number-form"));
        }

        Assert.Contains("Save your Twilio account SID and auth token above", integrations.Text("#twilio-not-connected"), StringComparison.Ordinal);
        Assert.Contains("Integrations", phoneStep.Text("#step-heading + p"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_the_twilio_account_offers_search_and_buy_and_a_bought_number_is_connected()
    {
        var owner = await Owners.NewAsync(fixture);
        var e164 = TestData.UsNumber();
        fixture.Twilio.AddAvailable(e164, locality: "Round Rock", region: "TX");
        var page = await owner.Client.OpenAsync("/Integrations");
        var saved = await owner.Client.SubmitAsync(page, "#integrations-form", new Dictionary<string, string>
        {
            ["Input.TwilioAccountSid"] = PortalFixture.TwilioAccountSid,
            ["Input.TwilioAuthToken"] = PortalFixture.TwilioAuthToken,
        });
        Assert.NotNull(saved.Document.QuerySelector("#number-search-form"));
        Assert.NotNull(saved.Document.QuerySelector("#owned-number-form"));
        Assert.Null(saved.Document.QuerySelector("#number-form"));

        var found = await owner.Client.SubmitAsync(saved, "#number-search-form", new Dictionary<string, string>
        {
            ["Search.Country"] = "US",
            ["Search.AreaCode"] = "512",
            ["Search.Contains"] = e164[5..],
        });
        Assert.Contains(PhoneDisplay(e164), found.Text("#available-numbers"), StringComparison.Ordinal);
        Assert.Contains("Round Rock, TX", found.Text("#available-numbers"), StringComparison.Ordinal);

        var bought = await owner.Client.SubmitAsync(found, BuyForm(found, e164));

        Assert.Equal("/Integrations", bought.Url.AbsolutePath);
        Assert.Contains($"{PhoneDisplay(e164)} bought and connected.", bought.Text("main"), StringComparison.Ordinal);
        var incoming = fixture.Twilio.Incoming(e164);
        Assert.NotNull(incoming);
        Assert.Equal(VoiceUrl, incoming.VoiceUrl);
        Assert.Contains(incoming.Sid, bought.Text("#numbers"), StringComparison.Ordinal);
        var number = Assert.Single((await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        Assert.Equal((e164, incoming.Sid), (number.E164, number.TwilioSid));
    }

    [Fact]
    public async Task The_phone_step_connects_a_number_the_owner_has_in_twilio_and_completes()
    {
        var owner = await OwnerWithTwilioAsync();
        var e164 = TestData.UsNumber();
        var sid = fixture.Twilio.AddOwned(e164, voiceUrl: "https://old-provider.example.com/voice");
        var phone = await owner.Client.OpenAsync("/Onboarding/Phone");
        Assert.Null(phone.Document.QuerySelector("#number-form"));

        var next = await owner.Client.SubmitAsync(phone, "#owned-number-form", new Dictionary<string, string>
        {
            ["Owned.Number"] = PhoneDisplay(e164),
            ["Owned.Label"] = "Office line",
        });

        Assert.NotEqual("/Onboarding/Phone", next.Url.AbsolutePath);
        Assert.Equal(VoiceUrl, fixture.Twilio.Incoming(e164)!.VoiceUrl);
        var number = Assert.Single((await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        Assert.Equal((e164, sid, "Office line"), (number.E164, number.TwilioSid, number.Label));
        Assert.True(await PhoneStepDoneAsync(owner));
    }

    [Fact]
    public async Task The_phone_step_searches_and_buys_a_number_and_completes()
    {
        var owner = await OwnerWithTwilioAsync();
        var e164 = TestData.UsNumber();
        fixture.Twilio.AddAvailable(e164);
        var phone = await owner.Client.OpenAsync("/Onboarding/Phone");

        var found = await owner.Client.SubmitAsync(phone, "#number-search-form", new Dictionary<string, string> { ["Search.Contains"] = e164[2..] });
        var next = await owner.Client.SubmitAsync(found, BuyForm(found, e164));

        Assert.NotEqual("/Onboarding/Phone", next.Url.AbsolutePath);
        Assert.Equal(VoiceUrl, fixture.Twilio.Incoming(e164)!.VoiceUrl);
        Assert.Equal(e164, Assert.Single((await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers).E164);
        Assert.True(await PhoneStepDoneAsync(owner));
    }

    [Fact]
    public async Task Refusals_are_shown_next_to_the_field_or_above_the_forms()
    {
        var owner = await OwnerWithTwilioAsync();
        var other = await OwnerWithTwilioAsync();
        var taken = TestData.UsNumber();
        fixture.Twilio.AddAvailable(taken);
        await other.Core.PhoneNumbers.PurchasePhoneNumberAsync(new PurchasePhoneNumberRequest { E164 = taken });
        var page = await owner.Client.OpenAsync("/Integrations");

        var badSearch = await owner.Client.SubmitAsync(page, "#number-search-form", new Dictionary<string, string> { ["Search.AreaCode"] = "51" });
        var notOwned = await owner.Client.SubmitAsync(page, "#owned-number-form", new Dictionary<string, string> { ["Owned.Number"] = TestData.UsNumber() });
        var otherOrganizations = await owner.Client.SubmitAsync(page, "#owned-number-form", new Dictionary<string, string> { ["Owned.Number"] = taken });
        var notANumber = await owner.Client.SubmitAsync(page, "#owned-number-form", new Dictionary<string, string> { ["Owned.Number"] = "555-12" });

        Assert.Contains("is not an area code", badSearch.FieldError("Search.AreaCode"), StringComparison.Ordinal);
        Assert.Contains("is not a number in the organization's Twilio account", notOwned.FieldError("Owned.Number"), StringComparison.Ordinal);
        Assert.Equal("This number is already connected to a Coordi account.", otherOrganizations.FieldError("Owned.Number"));
        Assert.StartsWith("Enter the number as it is in your Twilio account", notANumber.FieldError("Owned.Number"), StringComparison.Ordinal);
        Assert.Empty((await owner.Core.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        Assert.DoesNotContain(PhoneDisplay(taken), page.Text("#numbers"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_twilio_refuses_are_explained_above_the_forms()
    {
        var owner = await Owners.NewAsync(fixture);
        await owner.Core.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest
        {
            TwilioAccountSid = PortalFixture.TwilioAccountSid,
            TwilioAuthToken = "ffffffffffffffffffffffffffffffff",
        });
        var page = await owner.Client.OpenAsync("/Onboarding/Phone");

        var refused = await owner.Client.SubmitAsync(page, "#number-search-form", new Dictionary<string, string> { ["Search.AreaCode"] = "512" });

        Assert.Equal("/Onboarding/Phone", refused.Url.AbsolutePath);
        Assert.Contains("Twilio refused the organization's credentials", refused.Text("#twilio-number-error"), StringComparison.Ordinal);
        Assert.Null(refused.Document.QuerySelector("#available-numbers"));
        Assert.False(await PhoneStepDoneAsync(owner));
    }

    private async Task<Owner> OwnerWithTwilioAsync()
    {
        var owner = await Owners.NewAsync(fixture);
        await owner.Core.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest
        {
            TwilioAccountSid = PortalFixture.TwilioAccountSid,
            TwilioAuthToken = PortalFixture.TwilioAuthToken,
        });
        return owner;
    }

    private Task<bool> PhoneStepDoneAsync(Owner owner) =>
        fixture.PortalDbAsync(db => db.OnboardingProgress.AnyAsync(p => p.OrganizationId == owner.OrganizationId && p.PhoneDoneAt != null));

    /// <summary>The "buy" form of one search result.</summary>
    private static IHtmlFormElement BuyForm(PortalPage page, string e164) =>
        page.Document.QuerySelectorAll("form.buy-number").OfType<IHtmlFormElement>().Single(f => f.QuerySelector("input[name='Buy.E164']")?.GetAttribute("value") == e164);

    private static string PhoneDisplay(string e164) => $"({e164[2..5]}) {e164[5..8]}-{e164[8..]}";
}
