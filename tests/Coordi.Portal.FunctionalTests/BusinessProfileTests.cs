namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class BusinessProfileTests(PortalFixture fixture)
{
    [Fact]
    public async Task Faqs_contacts_and_booking_rules_are_saved_to_the_core()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Business");

        var saved = await owner.Client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Offer.Services[0].Name"] = "Water heater repair",
            ["Extras.Faqs[0].Question"] = "Do you charge for estimates?",
            ["Extras.Faqs[0].Answer"] = "No, estimates are free.",
            ["Extras.Contacts[0].Name"] = "Pat",
            ["Extras.Contacts[0].Phone"] = "(512) 555-0100",
            ["Extras.Contacts[0].RingSeconds"] = "25",
            ["Extras.SlotMinutes"] = "90",
            ["Extras.LeadTimeHours"] = "24",
            ["Extras.DailyCap"] = "4",
        });

        Assert.Contains("Business profile saved.", saved.Text("main"), StringComparison.Ordinal);
        var profile = await owner.Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        var faq = Assert.Single(profile.Faqs);
        Assert.Equal(("Do you charge for estimates?", "No, estimates are free."), (faq.Question, faq.Answer));
        var contact = Assert.Single(profile.EscalationContacts);
        Assert.Equal(("Pat", "+15125550100", 25), (contact.Name, contact.Phone, contact.RingSeconds));
        Assert.Equal((90, 24 * 60, 4), (profile.BookingRules.SlotMinutes, profile.BookingRules.LeadTimeMinutes, profile.BookingRules.DailyCap));
        Assert.Equal("Water heater repair", Assert.Single(profile.Services).Name);
        // Hours untouched by the owner stay as they were (Monday to Friday, 8 to 5).
        Assert.Equal(5, profile.WeeklyHours.Count);
    }

    [Fact]
    public async Task Wrong_zip_codes_and_hours_are_explained_next_to_their_fields()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Business");

        var after = await owner.Client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Offer.ServiceArea"] = "78701 7870",
            ["Offer.Hours[0].OpensAt"] = "17:00",
            ["Offer.Hours[0].ClosesAt"] = "08:00",
            ["Offer.Services[0].Name"] = "",
            ["Offer.Services[0].PriceMin"] = "50",
        });

        Assert.Equal("'7870' is not a 5-digit ZIP code.", after.FieldError("Offer.ServiceArea"));
        Assert.Equal("Monday: closing time must be after opening time.", after.FieldError("Offer.Hours[0].ClosesAt"));
        Assert.Equal("Give the service a name.", after.FieldError("Offer.Services[0].Name"));
        Assert.Empty((await owner.Core.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest())).ServiceAreaZips);
    }
}
