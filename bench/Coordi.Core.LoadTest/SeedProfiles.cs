namespace Coordi.Core.LoadTest;

/// <summary>Profiles of a plausible plumbing business: a config of the size a real tenant's agent gets.</summary>
public static class SeedProfiles
{
    public static AgentProfile Agent() => new()
    {
        Name = "Riley",
        Voice = "marin",
        Greeting = "Thanks for calling, this is Riley. How can I help with your plumbing today?",
        Language = "en-US",
        Warmth = 70,
        Formality = 40,
        Verbosity = 35,
        Pace = 55,
        CustomInstructions = "Always confirm the service address and a callback number. Never quote a firm price; give the range.",
        RecordingDisclosure = true,
        AiDisclosure = true,
        EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
    };

    public static BusinessProfile Business(string name)
    {
        var profile = new BusinessProfile
        {
            BusinessName = name,
            Description = "Family-owned plumbing company serving Austin since 1998: repairs, water heaters, drains and re-piping.",
            BookingRules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 120, DailyCap = 8 },
        };
        profile.Services.Add(Service("Leak repair", "Find and fix leaks in supply and drain lines.", 15_000, 45_000));
        profile.Services.Add(Service("Water heater replacement", "Tank and tankless, gas and electric, haul-away included.", 120_000, 380_000));
        profile.Services.Add(Service("Drain cleaning", "Kitchen, bath and main-line clogs, camera inspection on request.", 12_500, 60_000));
        profile.Services.Add(Service("Re-piping", "Whole-house PEX re-pipe with permit and inspection.", 450_000, 1_500_000));
        profile.Services.Add(Service("Fixture installation", "Faucets, toilets, disposals and shower valves.", 9_500, 40_000));
        profile.ServiceAreaZips.AddRange(["78701", "78702", "78703", "78704", "78705", "78721", "78722", "78723", "78731", "78741", "78745", "78746", "78748", "78749", "78751", "78756", "78757"]);
        for (var day = 1; day <= 5; day++)
        {
            profile.WeeklyHours.Add(new DailyHours { DayOfWeek = day, Open = new LocalTimeOfDay { Hour = 7 }, Close = new LocalTimeOfDay { Hour = 18 } });
        }

        profile.WeeklyHours.Add(new DailyHours { DayOfWeek = 6, Open = new LocalTimeOfDay { Hour = 8 }, Close = new LocalTimeOfDay { Hour = 13 } });
        profile.Faqs.Add(new Faq { Question = "Do you charge for estimates?", Answer = "Estimates are free within our service area." });
        profile.Faqs.Add(new Faq { Question = "Are you licensed and insured?", Answer = "Yes, Texas master plumber license M-12345, fully insured." });
        profile.Faqs.Add(new Faq { Question = "Do you offer emergency service?", Answer = "Yes, 24/7 for active leaks, sewage backups and no water." });
        profile.Faqs.Add(new Faq { Question = "Which payment methods do you take?", Answer = "Cards, checks and financing for jobs over $1,000." });
        profile.EscalationContacts.Add(new EscalationContact { Name = "Maria (dispatch)", Phone = "+15125550101", RingSeconds = 20 });
        profile.EscalationContacts.Add(new EscalationContact { Name = "Tom (owner)", Phone = "+15125550102", RingSeconds = 25 });
        return profile;
    }

    private static ServiceOffering Service(string name, string description, long min, long max) => new()
    {
        Name = name,
        Description = description,
        PriceMin = new Money { MinorUnits = min, Currency = "USD" },
        PriceMax = new Money { MinorUnits = max, Currency = "USD" },
    };
}
