using System.Globalization;
using Coordi.Core.Application;
using Coordi.Core.Model;

namespace Coordi.Core.UnitTests.Application;

public sealed class SystemPromptRendererTests
{
    private const string OrganizationName = "Acme Holdings LLC";
    private const string TimeZone = "America/Chicago";

    private static AgentProfile Agent() => new()
    {
        Name = "Riley",
        Greeting = "  Thanks for calling Lone Star Plumbing, this is Riley!  ",
        Language = "en-US",
        Warmth = 50,
        Formality = 50,
        Verbosity = 50,
        Pace = 50,
        AiDisclosure = true,
        RecordingDisclosure = true,
        EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
    };

    private static BusinessProfile Business() => new()
    {
        BusinessName = "Lone Star Plumbing",
        Description = "  Family-owned plumbers serving Austin since 1998.  ",
        Services =
        [
            new ServiceOffering("Water heater install", "Tank and tankless", 120_00, 250_00, "USD"),
            new ServiceOffering("Drain cleaning", "", 89_50, null, "USD"),
        ],
        ServiceAreaZips = ["78701", "78702"],
        WeeklyHours =
        [
            new DailyHours(1, 8 * 60, 17 * 60),
            new DailyHours(2, 8 * 60, 17 * 60),
        ],
        Faqs = [new Faq("  Do you work weekends?  ", "  Only for emergencies.  ")],
    };

    private static string Render(AgentProfile agent, BusinessProfile business) =>
        SystemPromptRenderer.Render(OrganizationName, TimeZone, agent, business);

    [Fact]
    public void Opening_line_names_the_agent_and_the_business()
    {
        var prompt = Render(Agent(), Business());

        Assert.StartsWith("You are Riley, the phone receptionist for Lone Star Plumbing.", prompt);
        Assert.Contains("About the business: Family-owned plumbers serving Austin since 1998.", prompt);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Blank_business_name_falls_back_to_the_organization_name(string businessName)
    {
        var business = Business();
        business.BusinessName = businessName;

        var prompt = Render(Agent(), business);

        Assert.StartsWith($"You are Riley, the phone receptionist for {OrganizationName}.", prompt);
    }

    [Fact]
    public void Empty_description_leaves_out_the_about_line()
    {
        var business = Business();
        business.Description = " ";

        Assert.DoesNotContain("About the business", Render(Agent(), business));
    }

    [Fact]
    public void Greeting_is_quoted_without_surrounding_whitespace()
    {
        var prompt = Render(Agent(), Business());

        Assert.Contains("Greet the caller with: \"Thanks for calling Lone Star Plumbing, this is Riley!\"", prompt);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Disclosures_appear_only_when_enabled(bool ai, bool recording)
    {
        var agent = Agent();
        agent.AiDisclosure = ai;
        agent.RecordingDisclosure = recording;

        var prompt = Render(agent, Business());

        Assert.Equal(ai, prompt.Contains("say that you are an AI assistant", StringComparison.Ordinal));
        Assert.Equal(ai, prompt.Contains("never claim to be human", StringComparison.Ordinal));
        Assert.Equal(recording, prompt.Contains("the call may be recorded", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, "matter-of-fact")]
    [InlineData(20, "matter-of-fact")]
    [InlineData(21, "polite")]
    [InlineData(50, "friendly")]
    [InlineData(70, "warm")]
    [InlineData(100, "very warm and reassuring")]
    [InlineData(-10, "matter-of-fact")]
    [InlineData(150, "very warm and reassuring")]
    public void Warmth_bands_choose_the_tone(int warmth, string words)
    {
        var agent = Agent();
        agent.Warmth = warmth;

        Assert.Contains($"- Tone: {words}, neutral.", Render(agent, Business()));
    }

    [Theory]
    [InlineData(0, "very casual")]
    [InlineData(30, "casual")]
    [InlineData(50, "neutral")]
    [InlineData(61, "professional")]
    [InlineData(100, "formal")]
    public void Formality_bands_choose_the_register(int formality, string words)
    {
        var agent = Agent();
        agent.Formality = formality;

        Assert.Contains($"- Tone: friendly, {words}.", Render(agent, Business()));
    }

    [Theory]
    [InlineData(0, "as brief as possible, a few words")]
    [InlineData(35, "short sentences")]
    [InlineData(60, "one or two sentences per turn")]
    [InlineData(80, "full explanations when useful")]
    [InlineData(100, "detailed and thorough")]
    public void Verbosity_bands_choose_the_length(int verbosity, string words)
    {
        var agent = Agent();
        agent.Verbosity = verbosity;

        Assert.Contains($"- Length: {words}.", Render(agent, Business()));
    }

    [Theory]
    [InlineData(0, "slow and deliberate")]
    [InlineData(40, "unhurried")]
    [InlineData(41, "natural")]
    [InlineData(80, "brisk")]
    [InlineData(81, "quick")]
    [InlineData(100, "quick")]
    public void Pace_bands_choose_the_speed(int pace, string words)
    {
        var agent = Agent();
        agent.Pace = pace;

        Assert.Contains($"- Pace: {words}.", Render(agent, Business()));
    }

    [Fact]
    public void Opposite_slider_ends_give_different_prompts()
    {
        var cold = Agent();
        cold.Warmth = 0;
        var warm = Agent();
        warm.Warmth = 100;

        Assert.NotEqual(Render(cold, Business()), Render(warm, Business()));
    }

    [Theory]
    [InlineData("en-US", "English (United States)")]
    [InlineData("es-US", "Spanish (United States)")]
    [InlineData("fr", "French")]
    [InlineData("zh-Hant-TW", "Chinese (Traditional, Taiwan)")]
    public void Language_tag_is_spoken_as_its_english_name(string tag, string name)
    {
        var agent = Agent();
        agent.Language = tag;

        Assert.Contains($"- Speak {name} unless the caller uses another language.", Render(agent, Business()));
    }

    [Theory]
    [InlineData("xx")]
    [InlineData("qaa-ZZ")]
    [InlineData("en-XY")]
    public void Unknown_language_tag_is_passed_through(string tag)
    {
        var agent = Agent();
        agent.Language = tag;

        var line = Render(agent, Business()).Split(Environment.NewLine).Single(l => l.StartsWith("- Speak ", StringComparison.Ordinal));

        Assert.Equal($"- Speak {tag} unless the caller uses another language.", line);
    }

    [Theory]
    [InlineData(120_00L, 250_00L, "USD", "($120 to $250)")]
    [InlineData(89_50L, null, "USD", "(from $89.50)")]
    [InlineData(null, 1500_00L, "USD", "(up to $1500)")]
    [InlineData(99_99L, 100_00L, "USD", "($99.99 to $100)")]
    [InlineData(120_00L, 250_00L, "", "($120 to $250)")]
    [InlineData(120_00L, 250_00L, "EUR", "(120.00 EUR to 250.00 EUR)")]
    public void Service_prices_are_formatted_as_money(long? min, long? max, string currency, string expected)
    {
        var business = Business();
        business.Services = [new ServiceOffering("Water heater install", "", min, max, currency)];

        Assert.Contains($"- Water heater install {expected}", Render(Agent(), business));
    }

    [Fact]
    public void Service_without_prices_has_no_price_and_keeps_its_description()
    {
        var business = Business();
        business.Services = [new ServiceOffering("Leak detection", "  Non-invasive acoustic testing ", null, null, "USD")];

        var prompt = Render(Agent(), business);

        Assert.Contains("- Leak detection: Non-invasive acoustic testing" + Environment.NewLine, prompt);
        Assert.DoesNotContain("Leak detection (", prompt);
    }

    [Fact]
    public void Services_section_lists_every_service_and_the_quoting_rule()
    {
        var prompt = Render(Agent(), Business());

        Assert.Contains("# Services offered", prompt);
        Assert.Contains("- Water heater install ($120 to $250): Tank and tankless", prompt);
        Assert.Contains("- Drain cleaning (from $89.50)" + Environment.NewLine, prompt);
        Assert.Contains("Quote prices only as the ranges above", prompt);
    }

    [Fact]
    public void No_services_means_no_services_section()
    {
        var business = Business();
        business.Services = [];

        var prompt = Render(Agent(), business);

        Assert.DoesNotContain("# Services offered", prompt);
        Assert.DoesNotContain("Quote prices", prompt);
    }

    [Fact]
    public void Service_area_lists_the_zip_codes()
    {
        var prompt = Render(Agent(), Business());

        Assert.Contains("# Service area", prompt);
        Assert.Contains("- ZIP codes served: 78701, 78702.", prompt);
    }

    [Fact]
    public void No_zip_codes_means_no_service_area_section()
    {
        var business = Business();
        business.ServiceAreaZips = [];

        Assert.DoesNotContain("# Service area", Render(Agent(), business));
    }

    [Fact]
    public void Hours_list_every_day_with_closed_days_and_the_time_zone()
    {
        var business = Business();
        business.WeeklyHours =
        [
            new DailyHours(1, 13 * 60, 17 * 60 + 30),
            new DailyHours(1, 8 * 60, 12 * 60),
            new DailyHours(3, 9 * 60 + 15, 24 * 60),
            new DailyHours(7, 10 * 60, 14 * 60),
        ];

        var prompt = Render(Agent(), business);

        Assert.Contains("# Opening hours (America/Chicago)", prompt);
        Assert.Contains("- Monday: 08:00-12:00, 13:00-17:30", prompt);
        Assert.Contains("- Tuesday: closed", prompt);
        Assert.Contains("- Wednesday: 09:15-24:00", prompt);
        Assert.Contains("- Thursday: closed", prompt);
        Assert.Contains("- Friday: closed", prompt);
        Assert.Contains("- Saturday: closed", prompt);
        Assert.Contains("- Sunday: 10:00-14:00", prompt);
        Assert.True(prompt.IndexOf("- Monday:", StringComparison.Ordinal) < prompt.IndexOf("- Sunday:", StringComparison.Ordinal),
            "Days are listed Monday first, Sunday last.");
    }

    [Fact]
    public void Missing_hours_tell_the_agent_not_to_promise_a_time()
    {
        var business = Business();
        business.WeeklyHours = [];

        var prompt = Render(Agent(), business);

        Assert.Contains("# Opening hours (America/Chicago)", prompt);
        Assert.Contains("Hours are not set; do not promise a time", prompt);
        Assert.DoesNotContain("- Monday:", prompt);
    }

    [Fact]
    public void Faqs_are_listed_as_trimmed_questions_and_answers()
    {
        var prompt = Render(Agent(), Business());

        Assert.Contains("# Frequently asked questions", prompt);
        Assert.Contains("- Q: Do you work weekends?" + Environment.NewLine + "  A: Only for emergencies." + Environment.NewLine, prompt);
    }

    [Fact]
    public void No_faqs_means_no_faq_section()
    {
        var business = Business();
        business.Faqs = [];

        Assert.DoesNotContain("# Frequently asked questions", Render(Agent(), business));
    }

    [Fact]
    public void Escalation_never_takes_a_message_instead_of_transferring()
    {
        var agent = Agent();
        agent.EscalationPolicy = EscalationPolicy.Never;

        var prompt = Render(agent, Business());

        Assert.Contains("Do not transfer calls", prompt);
        Assert.Contains("take a detailed message as a lead", prompt);
        Assert.DoesNotContain("escalate_to_human", prompt);
    }

    [Fact]
    public void Escalation_on_request_transfers_only_when_asked()
    {
        var agent = Agent();
        agent.EscalationPolicy = EscalationPolicy.OnRequest;

        var prompt = Render(agent, Business());

        Assert.Contains("- If the caller asks for a person, call escalate_to_human." + Environment.NewLine, prompt);
        Assert.DoesNotContain("describes an emergency", prompt);
        Assert.DoesNotContain("Do not transfer calls", prompt);
    }

    [Fact]
    public void Escalation_on_request_or_emergency_also_transfers_emergencies()
    {
        var prompt = Render(Agent(), Business());

        Assert.Contains("or describes an emergency (flooding, gas smell", prompt);
        Assert.Contains("call escalate_to_human.", prompt);
    }

    [Fact]
    public void Custom_instructions_are_appended_under_their_own_heading()
    {
        var agent = Agent();
        agent.CustomInstructions = "  Never book on public holidays.  ";

        var prompt = Render(agent, Business());

        Assert.EndsWith("# Owner's instructions" + Environment.NewLine + "Never book on public holidays." + Environment.NewLine, prompt);
    }

    [Fact]
    public void Blank_custom_instructions_add_no_heading()
    {
        var agent = Agent();
        agent.CustomInstructions = "   ";

        Assert.DoesNotContain("# Owner's instructions", Render(agent, Business()));
    }

    [Fact]
    public void Tool_workflow_is_always_described()
    {
        var prompt = Render(Agent(), Business());

        Assert.Contains("create_lead", prompt);
        Assert.Contains("check_availability", prompt);
        Assert.Contains("book_estimate", prompt);
        Assert.Contains("send_sms", prompt);
        Assert.Contains("end_call", prompt);
    }

    [Fact]
    public void Same_profiles_render_the_same_prompt()
    {
        var first = Render(Agent(), Business());
        var second = Render(Agent(), Business());

        Assert.Equal(first, second);
    }

    [Fact]
    public void Prompt_does_not_depend_on_the_current_culture()
    {
        var invariant = WithCulture(CultureInfo.InvariantCulture, () => Render(Agent(), Business()));
        var german = WithCulture(CultureInfo.GetCultureInfo("de-DE"), () => Render(Agent(), Business()));

        Assert.Equal(invariant, german);
        Assert.Contains("$89.50", german);
    }

    private static T WithCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (culture0, uiCulture0) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = culture;
        try
        {
            return action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture0, uiCulture0);
        }
    }
}
