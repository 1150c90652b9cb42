namespace Coordi.Core.FunctionalTests;

/// <summary>Complete, valid profiles of a plumbing business, for tests to save as they are or spoil one field of.</summary>
public static class SampleProfiles
{
    public static AgentProfile Agent(string greeting = "Thanks for calling Acme Plumbing, this is Riley. How can I help?") => new()
    {
        Name = "Riley",
        Voice = "coral",
        Greeting = greeting,
        Language = "en-US",
        Warmth = 85,
        Formality = 20,
        Verbosity = 10,
        Pace = 95,
        CustomInstructions = "Always ask whether the water is shut off.",
        RecordingDisclosure = true,
        AiDisclosure = true,
        EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
    };

    public static BusinessProfile Business() => new()
    {
        BusinessName = "Acme Plumbing & Drains",
        Description = "Family-run plumbers serving Austin since 1998.",
        Services =
        {
            new ServiceOffering
            {
                Name = "Water heater replacement",
                Description = "Tank and tankless units",
                PriceMin = Usd(150_000),
                PriceMax = Usd(400_000),
            },
            new ServiceOffering { Name = "Drain cleaning", PriceMin = Usd(12_900) },
        },
        ServiceAreaZips = { "78701", "78704" },
        WeeklyHours =
        {
            Hours(1, 8, 0, 12, 0),
            Hours(1, 13, 0, 17, 30),
            Hours(6, 9, 0, 13, 0),
        },
        Faqs = { new Faq { Question = "Do you charge for estimates?", Answer = "No, estimates are free." } },
        EscalationContacts = { new EscalationContact { Name = "Maria (owner)", Phone = "+15125550111", RingSeconds = 25 } },
        BookingRules = new BookingRules { SlotMinutes = 90, LeadTimeMinutes = 240, DailyCap = 4 },
    };

    /// <summary>Open every day of the week, so scheduling tests do not depend on the weekday they run on.</summary>
    public static BusinessProfile OpenEveryDay(int openHour, int closeHour, int slotMinutes = 60, int leadTimeMinutes = 120, int dailyCap = 0)
    {
        var profile = new BusinessProfile
        {
            BusinessName = "Acme Plumbing",
            BookingRules = new BookingRules { SlotMinutes = slotMinutes, LeadTimeMinutes = leadTimeMinutes, DailyCap = dailyCap },
        };
        for (var day = 1; day <= 7; day++)
        {
            profile.WeeklyHours.Add(Hours(day, openHour, 0, closeHour, 0));
        }

        return profile;
    }

    public static DailyHours Hours(int dayOfWeek, int openHour, int openMinute, int closeHour, int closeMinute) => new()
    {
        DayOfWeek = dayOfWeek,
        Open = new LocalTimeOfDay { Hour = openHour, Minute = openMinute },
        Close = new LocalTimeOfDay { Hour = closeHour, Minute = closeMinute },
    };

    public static Money Usd(long cents) => new() { MinorUnits = cents, Currency = "USD" };
}
