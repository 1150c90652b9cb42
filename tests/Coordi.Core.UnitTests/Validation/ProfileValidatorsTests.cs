using Coordi.Contracts.V1;
using Coordi.Core.Validation;
using static Coordi.Core.UnitTests.Validation.Violations;

namespace Coordi.Core.UnitTests.Validation;

public sealed class UpdateAgentProfileRequestValidatorTests
{
    private readonly UpdateAgentProfileRequestValidator _validator = new();

    internal static AgentProfile ValidProfile() => new()
    {
        Name = "Riley",
        Voice = "marin",
        Greeting = "Thanks for calling Lone Star Plumbing!",
        Language = "en-US",
        Warmth = 70,
        Formality = 40,
        Verbosity = 35,
        Pace = 50,
        CustomInstructions = "Never book on public holidays.",
        RecordingDisclosure = true,
        AiDisclosure = true,
        EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
    };

    private static UpdateAgentProfileRequest Request(Action<AgentProfile>? change = null)
    {
        var profile = ValidProfile();
        change?.Invoke(profile);
        return new UpdateAgentProfileRequest { Profile = profile };
    }

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Request()));

    [Fact]
    public void Profile_is_required() => Assert.Equal(["profile"], Of(_validator, new UpdateAgentProfileRequest()));

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void Name_is_required_and_limited(int length) =>
        Assert.Equal(["profile.name"], Of(_validator, Request(p => p.Name = Text(length))));

    [Theory]
    [InlineData("")]
    [InlineData("robot")]
    [InlineData("Alloy")]
    public void Voice_must_be_a_realtime_voice(string voice) =>
        Assert.Equal(["profile.voice"], Of(_validator, Request(p => p.Voice = voice)));

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void Greeting_is_required_and_limited(int length) =>
        Assert.Equal(["profile.greeting"], Of(_validator, Request(p => p.Greeting = Text(length))));

    [Theory]
    [InlineData("en")]
    [InlineData("es-US")]
    [InlineData("zh-Hant-TW")]
    public void Language_tags_pass(string language) =>
        Assert.Empty(Of(_validator, Request(p => p.Language = language)));

    [Theory]
    [InlineData("")]
    [InlineData("english")]
    [InlineData("en_US")]
    [InlineData("e")]
    [InlineData("en-")]
    public void Language_must_be_a_bcp47_tag(string language) =>
        Assert.Equal(["profile.language"], Of(_validator, Request(p => p.Language = language)));

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Slider_ends_pass(int value) =>
        Assert.Empty(Of(_validator, Request(p => p.Warmth = p.Formality = p.Verbosity = p.Pace = value)));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Sliders_must_be_0_to_100(int value) =>
        Assert.Equal(
            ["profile.warmth", "profile.formality", "profile.verbosity", "profile.pace"],
            Of(_validator, Request(p => p.Warmth = p.Formality = p.Verbosity = p.Pace = value)));

    [Fact]
    public void Custom_instructions_are_limited_to_4000_characters() =>
        Assert.Equal(["profile.custom_instructions"], Of(_validator, Request(p => p.CustomInstructions = Text(4001))));

    [Theory]
    [InlineData(EscalationPolicy.Unspecified)]
    [InlineData((EscalationPolicy)4)]
    public void Escalation_policy_must_be_chosen(EscalationPolicy policy) =>
        Assert.Equal(["profile.escalation_policy"], Of(_validator, Request(p => p.EscalationPolicy = policy)));
}

public sealed class UpdateBusinessProfileRequestValidatorTests
{
    private readonly UpdateBusinessProfileRequestValidator _validator = new();

    private static LocalTimeOfDay Time(int hour, int minute = 0) => new() { Hour = hour, Minute = minute };

    private static DailyHours Hours(int day, LocalTimeOfDay? open, LocalTimeOfDay? close) => new() { DayOfWeek = day, Open = open, Close = close };

    private static ServiceOffering Service(long? min, long? max, string currency = "USD") => new()
    {
        Name = "Water heater install",
        Description = "Tank and tankless",
        PriceMin = min is long a ? new Money { MinorUnits = a, Currency = currency } : null,
        PriceMax = max is long b ? new Money { MinorUnits = b, Currency = currency } : null,
    };

    internal static BusinessProfile ValidProfile()
    {
        var profile = new BusinessProfile
        {
            BusinessName = "Lone Star Plumbing",
            Description = "Family-owned plumbers serving Austin.",
            BookingRules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 120, DailyCap = 4 },
        };
        profile.Services.Add(Service(120_00, 250_00));
        profile.Services.Add(Service(89_00, null));
        profile.ServiceAreaZips.AddRange(["78701", "78702"]);
        profile.WeeklyHours.AddRange(
        [
            Hours(1, Time(8), Time(12)),
            Hours(1, Time(12), Time(17, 30)),
            Hours(6, Time(9), Time(13)),
            Hours(7, Time(0), Time(24)),
        ]);
        profile.Faqs.Add(new Faq { Question = "Do you work weekends?", Answer = "Saturdays until 1 pm." });
        profile.EscalationContacts.Add(new EscalationContact { Name = "Owner", Phone = "+15125550143", RingSeconds = 20 });
        return profile;
    }

    private static UpdateBusinessProfileRequest Request(Action<BusinessProfile>? change = null)
    {
        var profile = ValidProfile();
        change?.Invoke(profile);
        return new UpdateBusinessProfileRequest { Profile = profile };
    }

    [Fact]
    public void Valid_request_passes() => Assert.Empty(Of(_validator, Request()));

    [Fact]
    public void Empty_profile_passes() => Assert.Empty(Of(_validator, new UpdateBusinessProfileRequest { Profile = new BusinessProfile() }));

    [Fact]
    public void Profile_is_required() => Assert.Equal(["profile"], Of(_validator, new UpdateBusinessProfileRequest()));

    [Fact]
    public void Business_name_and_description_are_limited() =>
        Assert.Equal(
            ["profile.business_name", "profile.description"],
            Of(_validator, Request(p => (p.BusinessName, p.Description) = (Text(201), Text(4001)))));

    [Fact]
    public void At_most_50_services() =>
        Assert.Equal(["profile.services"], Of(_validator, Request(p => p.Services.AddRange(Enumerable.Range(0, 49).Select(_ => Service(null, null))))));

    [Fact]
    public void Service_needs_a_name() =>
        Assert.Equal(["profile.services[1].name"], Of(_validator, Request(p => p.Services[1].Name = "")));

    [Fact]
    public void Service_description_is_limited() =>
        Assert.Equal(["profile.services[0].description"], Of(_validator, Request(p => p.Services[0].Description = Text(1001))));

    [Fact]
    public void Prices_must_not_be_negative() =>
        Assert.Equal(
            ["profile.services[0].price_min.minor_units", "profile.services[0].price_max.minor_units"],
            Of(_validator, Request(p => p.Services[0] = Service(-1, -1))));

    [Fact]
    public void Maximum_price_must_not_be_below_the_minimum() =>
        Assert.Equal(["profile.services[0].price_max.minor_units"], Of(_validator, Request(p => p.Services[0] = Service(250_00, 120_00))));

    [Fact]
    public void Equal_minimum_and_maximum_prices_pass() =>
        Assert.Empty(Of(_validator, Request(p => p.Services[0] = Service(150_00, 150_00))));

    [Theory]
    [InlineData("usd")]
    [InlineData("US")]
    [InlineData("DOLLARS")]
    public void Currency_must_be_an_iso_code(string currency) =>
        Assert.Equal(
            ["profile.services[0].price_min.currency", "profile.services[0].price_max.currency"],
            Of(_validator, Request(p => p.Services[0] = Service(100_00, 200_00, currency))));

    [Theory]
    [InlineData("7870")]
    [InlineData("787011")]
    [InlineData("78701-1234")]
    [InlineData("ABCDE")]
    [InlineData("")]
    public void Zip_codes_must_have_five_digits(string zip) =>
        Assert.Equal(["profile.service_area_zips[2]"], Of(_validator, Request(p => p.ServiceAreaZips.Add(zip))));

    [Fact]
    public void At_most_500_zip_codes() =>
        Assert.Equal(["profile.service_area_zips"], Of(_validator, Request(p => p.ServiceAreaZips.AddRange(Enumerable.Range(10000, 499).Select(z => z.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))))));

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public void Day_of_week_must_be_1_to_7(int day) =>
        Assert.Equal(["profile.weekly_hours[0].day_of_week"], Of(_validator, Request(p => p.WeeklyHours[0].DayOfWeek = day)));

    [Fact]
    public void Opening_time_is_required() =>
        Assert.Equal(["profile.weekly_hours[2].open"], Of(_validator, Request(p => p.WeeklyHours[2].Open = null)));

    [Theory]
    [InlineData(25, 0)]
    [InlineData(24, 30)]
    [InlineData(-1, 0)]
    [InlineData(9, 60)]
    public void Opening_time_must_be_a_time_of_day(int hour, int minute) =>
        Assert.Contains("profile.weekly_hours[3].open", Of(_validator, Request(p => p.WeeklyHours[3].Open = Time(hour, minute))));

    [Theory]
    [InlineData(24, 1)]
    [InlineData(12, -5)]
    public void Closing_time_must_be_a_time_of_day(int hour, int minute) =>
        Assert.Contains("profile.weekly_hours[2].close", Of(_validator, Request(p => p.WeeklyHours[2].Close = Time(hour, minute))));

    [Theory]
    [InlineData(8, 0)]
    [InlineData(7, 59)]
    public void Closing_must_be_after_opening(int hour, int minute) =>
        Assert.Equal(["profile.weekly_hours[0].close"], Of(_validator, Request(p => p.WeeklyHours[0].Close = Time(hour, minute))));

    [Fact]
    public void Hours_of_one_day_must_not_overlap() =>
        Assert.Equal(["profile.weekly_hours"], Of(_validator, Request(p => p.WeeklyHours.Add(Hours(1, Time(11), Time(14))))));

    [Fact]
    public void Window_inside_another_overlaps() =>
        Assert.Equal(["profile.weekly_hours"], Of(_validator, Request(p => p.WeeklyHours.Add(Hours(7, Time(10), Time(11))))));

    [Fact]
    public void Same_hours_on_different_days_do_not_overlap() =>
        Assert.Empty(Of(_validator, Request(p => p.WeeklyHours.Add(Hours(2, Time(8), Time(12))))));

    [Fact]
    public void At_most_100_faqs() =>
        Assert.Equal(["profile.faqs"], Of(_validator, Request(p => p.Faqs.AddRange(Enumerable.Range(0, 100).Select(i => new Faq { Question = $"Q{i}?", Answer = "A." })))));

    [Fact]
    public void Faq_needs_a_question_and_an_answer() =>
        Assert.Equal(
            ["profile.faqs[0].question", "profile.faqs[0].answer"],
            Of(_validator, Request(p => p.Faqs[0] = new Faq { Question = "", Answer = " " })));

    [Fact]
    public void Faq_lengths_are_limited() =>
        Assert.Equal(
            ["profile.faqs[0].question", "profile.faqs[0].answer"],
            Of(_validator, Request(p => p.Faqs[0] = new Faq { Question = Text(501), Answer = Text(2001) })));

    [Fact]
    public void At_most_10_escalation_contacts() =>
        Assert.Equal(
            ["profile.escalation_contacts"],
            Of(_validator, Request(p => p.EscalationContacts.AddRange(Enumerable.Range(0, 10).Select(_ => new EscalationContact { Name = "Tech", Phone = "+15125550143" })))));

    [Theory]
    [InlineData("5125550143")]
    [InlineData("+1 512 555 0143")]
    [InlineData("")]
    public void Escalation_contact_phone_must_be_e164(string phone) =>
        Assert.Equal(["profile.escalation_contacts[0].phone"], Of(_validator, Request(p => p.EscalationContacts[0].Phone = phone)));

    [Fact]
    public void Escalation_contact_needs_a_name() =>
        Assert.Equal(["profile.escalation_contacts[0].name"], Of(_validator, Request(p => p.EscalationContacts[0].Name = "")));

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(60)]
    public void Ring_time_of_5_to_60_seconds_or_default_passes(int seconds) =>
        Assert.Empty(Of(_validator, Request(p => p.EscalationContacts[0].RingSeconds = seconds)));

    [Theory]
    [InlineData(4)]
    [InlineData(61)]
    [InlineData(-1)]
    public void Ring_time_outside_5_to_60_seconds_fails(int seconds) =>
        Assert.Equal(["profile.escalation_contacts[0].ring_seconds"], Of(_validator, Request(p => p.EscalationContacts[0].RingSeconds = seconds)));

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(480)]
    public void Slot_length_of_15_to_480_minutes_or_default_passes(int minutes) =>
        Assert.Empty(Of(_validator, Request(p => p.BookingRules.SlotMinutes = minutes)));

    [Theory]
    [InlineData(14)]
    [InlineData(481)]
    [InlineData(-15)]
    public void Slot_length_outside_15_to_480_minutes_fails(int minutes) =>
        Assert.Equal(["profile.booking_rules.slot_minutes"], Of(_validator, Request(p => p.BookingRules.SlotMinutes = minutes)));

    [Theory]
    [InlineData(-1)]
    [InlineData(20_161)]
    public void Lead_time_is_limited_to_two_weeks(int minutes) =>
        Assert.Equal(["profile.booking_rules.lead_time_minutes"], Of(_validator, Request(p => p.BookingRules.LeadTimeMinutes = minutes)));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Daily_cap_is_0_to_100(int cap) =>
        Assert.Equal(["profile.booking_rules.daily_cap"], Of(_validator, Request(p => p.BookingRules.DailyCap = cap)));
}

public sealed class PreviewSystemPromptRequestValidatorTests
{
    private readonly PreviewSystemPromptRequestValidator _validator = new();

    [Fact]
    public void Request_without_profiles_passes() => Assert.Empty(Of(_validator, new PreviewSystemPromptRequest()));

    [Fact]
    public void Valid_profiles_pass() =>
        Assert.Empty(Of(_validator, new PreviewSystemPromptRequest
        {
            Agent = UpdateAgentProfileRequestValidatorTests.ValidProfile(),
            Business = UpdateBusinessProfileRequestValidatorTests.ValidProfile(),
        }));

    [Fact]
    public void Unsaved_profiles_are_validated_like_saved_ones()
    {
        var agent = UpdateAgentProfileRequestValidatorTests.ValidProfile();
        agent.Warmth = 101;
        var business = UpdateBusinessProfileRequestValidatorTests.ValidProfile();
        business.ServiceAreaZips.Add("7870");

        Assert.Equal(["agent.warmth", "business.service_area_zips[2]"], Of(_validator, new PreviewSystemPromptRequest { Agent = agent, Business = business }));
    }
}
