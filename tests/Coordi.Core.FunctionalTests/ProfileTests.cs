using System.Text.Json;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class ProfileTests(CoreFixture fixture)
{
    [Fact]
    public async Task A_new_organization_starts_with_a_usable_agent_and_weekday_hours()
    {
        var tenant = await fixture.NewTenantAsync("Bluebonnet HVAC");

        var agent = await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        var business = await tenant.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());

        Assert.False(string.IsNullOrWhiteSpace(agent.Name));
        Assert.Equal("alloy", agent.Voice);
        Assert.False(string.IsNullOrWhiteSpace(agent.Greeting));
        Assert.Equal(EscalationPolicy.OnRequestOrEmergency, agent.EscalationPolicy);
        Assert.Equal("Bluebonnet HVAC", business.BusinessName);
        Assert.Equal([1, 2, 3, 4, 5], business.WeeklyHours.Select(h => h.DayOfWeek).Order());
        Assert.Equal(60, business.BookingRules.SlotMinutes);
    }

    [Fact]
    public async Task The_agent_profile_is_saved_and_read_back_as_sent()
    {
        var tenant = await fixture.NewTenantAsync();
        var sent = SampleProfiles.Agent();
        sent.EscalationPolicy = EscalationPolicy.Never;
        sent.Warmth = 0;
        sent.Pace = 100;

        var saved = await tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = sent });
        var fetched = await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());

        foreach (var profile in new[] { saved, fetched })
        {
            Assert.Equal("Riley", profile.Name);
            Assert.Equal("coral", profile.Voice);
            Assert.Equal(sent.Greeting, profile.Greeting);
            Assert.Equal("en-US", profile.Language);
            Assert.Equal((0, 20, 10, 100), (profile.Warmth, profile.Formality, profile.Verbosity, profile.Pace));
            Assert.Equal(sent.CustomInstructions, profile.CustomInstructions);
            Assert.True(profile.RecordingDisclosure);
            Assert.True(profile.AiDisclosure);
            Assert.Equal(EscalationPolicy.Never, profile.EscalationPolicy);
            Assert.NotNull(profile.UpdatedAt);
        }
    }

    [Theory]
    [InlineData("warmth", 101)]
    [InlineData("warmth", -1)]
    [InlineData("formality", 150)]
    [InlineData("verbosity", -20)]
    [InlineData("pace", 101)]
    public async Task A_slider_outside_0_to_100_is_refused(string slider, int value)
    {
        var tenant = await fixture.NewTenantAsync();
        var profile = SampleProfiles.Agent();
        switch (slider)
        {
            case "warmth": profile.Warmth = value; break;
            case "formality": profile.Formality = value; break;
            case "verbosity": profile.Verbosity = value; break;
            default: profile.Pace = value; break;
        }

        await RpcAssert.InvalidArgument(tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = profile }), "profile." + slider);
    }

    [Fact]
    public async Task An_unknown_voice_is_refused_and_the_saved_profile_is_kept()
    {
        var tenant = await fixture.NewTenantAsync();
        var before = await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        var profile = SampleProfiles.Agent();
        profile.Voice = "darth-vader";

        var badRequest = await RpcAssert.InvalidArgument(tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = profile }), "profile.voice");

        Assert.Contains("alloy", badRequest.FieldViolations.Single(v => v.Field == "profile.voice").Description);
        var after = await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        Assert.Equal(before.Voice, after.Voice);
        Assert.Equal(before.Greeting, after.Greeting);
    }

    [Fact]
    public async Task Every_invalid_agent_field_is_reported_at_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var profile = new AgentProfile { Name = "", Voice = "", Greeting = "", Language = "english please", Warmth = 200, EscalationPolicy = EscalationPolicy.Unspecified };

        await RpcAssert.InvalidArgument(tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = profile }),
            "profile.name", "profile.voice", "profile.greeting", "profile.language", "profile.warmth", "profile.escalation_policy");
    }

    [Fact]
    public async Task An_update_without_a_profile_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest()), "profile");
        await RpcAssert.InvalidArgument(tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest()), "profile");
    }

    [Fact]
    public async Task The_business_profile_is_saved_and_read_back_as_sent()
    {
        var tenant = await fixture.NewTenantAsync();
        var sent = SampleProfiles.Business();

        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = sent });
        var fetched = await tenant.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());

        Assert.Equal("Acme Plumbing & Drains", fetched.BusinessName);
        Assert.Equal(sent.Description, fetched.Description);
        var heater = fetched.Services[0];
        Assert.Equal("Water heater replacement", heater.Name);
        Assert.Equal("Tank and tankless units", heater.Description);
        Assert.Equal(SampleProfiles.Usd(150_000), heater.PriceMin);
        Assert.Equal(SampleProfiles.Usd(400_000), heater.PriceMax);
        Assert.Equal(SampleProfiles.Usd(12_900), fetched.Services[1].PriceMin);
        Assert.Null(fetched.Services[1].PriceMax);
        Assert.Equal(["78701", "78704"], fetched.ServiceAreaZips);
        Assert.Equal(sent.WeeklyHours, fetched.WeeklyHours);
        Assert.Equal(sent.Faqs, fetched.Faqs);
        Assert.Equal(sent.EscalationContacts, fetched.EscalationContacts);
        Assert.Equal(sent.BookingRules, fetched.BookingRules);
    }

    [Fact]
    public async Task Unset_ring_time_and_slot_length_get_their_documented_defaults()
    {
        var tenant = await fixture.NewTenantAsync();
        var sent = SampleProfiles.Business();
        sent.EscalationContacts[0].RingSeconds = 0;
        sent.BookingRules.SlotMinutes = 0;

        var saved = await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = sent });

        Assert.Equal(20, saved.EscalationContacts[0].RingSeconds);
        Assert.Equal(60, saved.BookingRules.SlotMinutes);
    }

    public static TheoryData<string, Action<BusinessProfile>> InvalidBusinessProfiles => new()
    {
        { "profile.weekly_hours", p => p.WeeklyHours.Add(SampleProfiles.Hours(1, 11, 0, 14, 0)) },
        { "profile.weekly_hours[0].close", p => p.WeeklyHours[0] = SampleProfiles.Hours(1, 17, 0, 9, 0) },
        { "profile.weekly_hours[0].close", p => p.WeeklyHours[0] = SampleProfiles.Hours(1, 9, 0, 9, 0) },
        { "profile.weekly_hours[0].open", p => p.WeeklyHours[0] = SampleProfiles.Hours(1, 25, 0, 26, 0) },
        { "profile.weekly_hours[0].day_of_week", p => p.WeeklyHours[0].DayOfWeek = 8 },
        { "profile.service_area_zips[1]", p => p.ServiceAreaZips[1] = "7870" },
        { "profile.service_area_zips[0]", p => p.ServiceAreaZips[0] = "ABCDE" },
        { "profile.escalation_contacts[0].phone", p => p.EscalationContacts[0].Phone = "512-555-0111" },
        { "profile.escalation_contacts[0].phone", p => p.EscalationContacts[0].Phone = "+1555" },
        { "profile.escalation_contacts[0].ring_seconds", p => p.EscalationContacts[0].RingSeconds = 90 },
        { "profile.services[0].price_max.minor_units", p => p.Services[0].PriceMax = SampleProfiles.Usd(100) },
        { "profile.services[0].price_min.minor_units", p => p.Services[0].PriceMin = SampleProfiles.Usd(-1) },
        { "profile.services[0].price_min.currency", p => p.Services[0].PriceMin.Currency = "dollars" },
        { "profile.services[1].name", p => p.Services[1].Name = "" },
        { "profile.faqs[0].answer", p => p.Faqs[0].Answer = "" },
        { "profile.booking_rules.slot_minutes", p => p.BookingRules.SlotMinutes = 10 },
        { "profile.booking_rules.lead_time_minutes", p => p.BookingRules.LeadTimeMinutes = -5 },
        { "profile.booking_rules.daily_cap", p => p.BookingRules.DailyCap = 101 },
    };

    [Theory]
    [MemberData(nameof(InvalidBusinessProfiles))]
    public async Task An_invalid_business_profile_names_the_offending_field_and_is_not_saved(string field, Action<BusinessProfile> spoil)
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SampleProfiles.Business() });
        var profile = SampleProfiles.Business();
        spoil(profile);
        profile.BusinessName = "Should not be saved";

        await RpcAssert.InvalidArgument(tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile }), field);

        var kept = await tenant.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        Assert.Equal("Acme Plumbing & Drains", kept.BusinessName);
    }

    [Fact]
    public async Task Two_opening_windows_on_one_day_may_touch_but_not_overlap()
    {
        var tenant = await fixture.NewTenantAsync();
        var profile = SampleProfiles.Business();
        profile.WeeklyHours.Clear();
        profile.WeeklyHours.Add(SampleProfiles.Hours(2, 8, 0, 12, 0));
        profile.WeeklyHours.Add(SampleProfiles.Hours(2, 12, 0, 24, 0));

        var saved = await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile });

        Assert.Equal(2, saved.WeeklyHours.Count);
        Assert.Equal(24, saved.WeeklyHours[1].Close.Hour);
    }

    [Fact]
    public async Task The_agent_config_carries_both_profiles_rendered_into_the_system_prompt()
    {
        var tenant = await fixture.NewTenantAsync("Acme Plumbing");
        await tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SampleProfiles.Agent() });
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SampleProfiles.Business() });

        var config = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal(tenant.TenantId, config.TenantId);
        Assert.Equal("Acme Plumbing", config.OrganizationName);
        Assert.Equal("America/Chicago", config.TimeZone);
        Assert.Equal("Riley", config.Agent.Name);
        Assert.Equal("Acme Plumbing & Drains", config.Business.BusinessName);
        Assert.Equal("+15125550111", config.Business.EscalationContacts.Single().Phone);
        Assert.True(config.RecordingEnabled);
        Assert.Equal(5, config.ConcurrentCallCap);

        var prompt = config.SystemPrompt;
        Assert.Contains("You are Riley, the phone receptionist for Acme Plumbing & Drains.", prompt);
        Assert.Contains("Family-run plumbers serving Austin since 1998.", prompt);
        Assert.Contains("\"Thanks for calling Acme Plumbing, this is Riley. How can I help?\"", prompt);
        Assert.Contains("Water heater replacement ($1500 to $4000): Tank and tankless units", prompt);
        Assert.Contains("Drain cleaning (from $129)", prompt);
        Assert.Contains("78701, 78704", prompt);
        Assert.Contains("Opening hours (America/Chicago)", prompt);
        Assert.Contains("Monday: 08:00-12:00, 13:00-17:30", prompt);
        Assert.Contains("Saturday: 09:00-13:00", prompt);
        Assert.Contains("Sunday: closed", prompt);
        Assert.Contains("Q: Do you charge for estimates?", prompt);
        Assert.Contains("A: No, estimates are free.", prompt);
        Assert.Contains("Always ask whether the water is shut off.", prompt);
        Assert.Contains("say that you are an AI assistant", prompt);
        Assert.Contains("may be recorded", prompt);
        Assert.Contains("very warm and reassuring", prompt);
        Assert.Contains("emergency", prompt);
    }

    [Fact]
    public async Task The_agent_config_offers_the_six_call_tools_with_json_schemas()
    {
        var tenant = await fixture.NewTenantAsync();

        var config = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal(
            ["create_lead", "check_availability", "book_estimate", "send_sms", "escalate_to_human", "end_call"],
            config.Tools.Select(t => t.Name));
        foreach (var tool in config.Tools)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
            using var schema = JsonDocument.Parse(tool.ParametersJsonSchema);
            Assert.Equal("object", schema.RootElement.GetProperty("type").GetString());
        }

        using var createLead = JsonDocument.Parse(config.Tools[0].ParametersJsonSchema);
        Assert.Equal(["name", "phone"], createLead.RootElement.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task The_escalation_policy_changes_how_the_prompt_hands_over()
    {
        var tenant = await fixture.NewTenantAsync();
        var agent = SampleProfiles.Agent();
        agent.EscalationPolicy = EscalationPolicy.Never;
        await tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = agent });

        var config = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Contains("Do not transfer calls.", config.SystemPrompt);
    }

    [Fact]
    public async Task Changing_the_agent_profile_is_seen_by_the_next_agent_config_with_a_new_version()
    {
        var tenant = await fixture.NewTenantAsync();
        var cached = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        var again = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        Assert.Equal(cached.Version, again.Version);

        await tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SampleProfiles.Agent("Howdy, Acme Plumbing here!") });
        var fresh = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal("Howdy, Acme Plumbing here!", fresh.Agent.Greeting);
        Assert.Contains("Howdy, Acme Plumbing here!", fresh.SystemPrompt);
        Assert.NotEqual(cached.Version, fresh.Version);
    }

    [Fact]
    public async Task Changing_the_business_profile_is_seen_by_the_next_agent_config_with_a_new_version()
    {
        var tenant = await fixture.NewTenantAsync();
        var cached = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SampleProfiles.Business() });
        var fresh = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Contains("Water heater replacement", fresh.SystemPrompt);
        Assert.DoesNotContain("Water heater replacement", cached.SystemPrompt);
        Assert.NotEqual(cached.Version, fresh.Version);
    }

    [Fact]
    public async Task Changing_the_organization_is_seen_by_the_next_agent_config_with_a_new_version()
    {
        var tenant = await fixture.NewTenantAsync();
        var cached = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        await tenant.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Name = tenant.Organization.Name, TimeZone = "America/New_York", RecordingEnabled = false, ConcurrentCallCap = 2,
        });
        var fresh = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal("America/New_York", fresh.TimeZone);
        Assert.Contains("Opening hours (America/New_York)", fresh.SystemPrompt);
        Assert.False(fresh.RecordingEnabled);
        Assert.Equal(2, fresh.ConcurrentCallCap);
        Assert.NotEqual(cached.Version, fresh.Version);
    }

    [Fact]
    public async Task The_agent_config_carries_the_tenant_credentials_in_plain_text_for_the_voice_edge()
    {
        var tenant = await fixture.NewTenantAsync();
        var before = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        Assert.Equal("", before.OpenaiApiKey);
        Assert.Equal("", before.TwilioAuthToken);

        await tenant.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest
        {
            OpenaiApiKey = "sk-proj-plaintext-openai-key-1234",
            OpenaiModel = "gpt-realtime",
            TwilioAccountSid = "AC" + new string('a', 32),
            TwilioAuthToken = "abcdef0123456789abcdef0123456789",
        });
        var config = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal("sk-proj-plaintext-openai-key-1234", config.OpenaiApiKey);
        Assert.Equal("gpt-realtime", config.OpenaiModel);
        Assert.Equal("AC" + new string('a', 32), config.TwilioAccountSid);
        Assert.Equal("abcdef0123456789abcdef0123456789", config.TwilioAuthToken);
        Assert.NotEqual(before.Version, config.Version);
    }

    [Fact]
    public async Task A_preview_renders_unsaved_agent_values_with_the_saved_business_and_saves_nothing()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SampleProfiles.Business() });
        var savedAgent = await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        var savedConfig = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        var preview = await tenant.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest
        {
            Agent = SampleProfiles.Agent("Good morning, you've reached the preview greeting."),
        });

        Assert.Contains("Good morning, you've reached the preview greeting.", preview.SystemPrompt);
        Assert.Contains("Water heater replacement", preview.SystemPrompt);
        var agentAfter = await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());
        Assert.Equal(savedAgent.Greeting, agentAfter.Greeting);
        Assert.Equal(savedAgent.Name, agentAfter.Name);
        var configAfter = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        Assert.Equal(savedConfig.Version, configAfter.Version);
        Assert.DoesNotContain("preview greeting", configAfter.SystemPrompt);
    }

    [Fact]
    public async Task A_preview_renders_an_unsaved_business_with_the_saved_agent()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SampleProfiles.Agent() });
        var business = SampleProfiles.Business();
        business.Faqs.Add(new Faq { Question = "Do you work weekends?", Answer = "Saturday mornings only." });

        var preview = await tenant.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest { Business = business });

        Assert.Contains("You are Riley", preview.SystemPrompt);
        Assert.Contains("Saturday mornings only.", preview.SystemPrompt);
        var saved = await tenant.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        Assert.Empty(saved.Faqs);
    }

    [Fact]
    public async Task A_preview_with_nothing_unsaved_matches_the_live_prompt()
    {
        var tenant = await fixture.NewTenantAsync();

        var preview = await tenant.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest());
        var config = await tenant.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());

        Assert.Equal(config.SystemPrompt, preview.SystemPrompt);
    }

    [Fact]
    public async Task A_preview_of_invalid_values_is_refused_with_the_field()
    {
        var tenant = await fixture.NewTenantAsync();
        var agent = SampleProfiles.Agent();
        agent.Warmth = 300;
        var business = SampleProfiles.Business();
        business.ServiceAreaZips.Add("1234");

        await RpcAssert.InvalidArgument(
            tenant.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest { Agent = agent, Business = business }),
            "agent.warmth", "business.service_area_zips[2]");
    }
}
