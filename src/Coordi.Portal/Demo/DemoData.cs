using Coordi.Contracts.V1;

namespace Coordi.Portal.Demo;

/// <summary>
/// The fixed content of the demo organization: a plumbing business, its receptionist, and the calls it took.
/// Everything is derived from an index, so the same data comes out on every run.
/// </summary>
public static class DemoData
{
    public const string OrganizationName = "Riverside Plumbing (demo)";
    public const string TimeZone = "America/Chicago";
    public const string PhoneNumber = "+15127340100";
    public const int CallCount = 40;
    public const int Days = 14;

    private static readonly string[] Callers =
    [
        "Dana Smith", "Luis Ortega", "Priya Patel", "Mike Chen", "Sarah Johnson", "Tom Becker", "Aisha Khan",
        "Greg Miller", "Hannah Lee", "Carlos Diaz", "Emily Brown", "Jamal Wright", "Olivia Martin", "Ben Carter",
        "Nina Rossi", "Paul Nguyen", "Rachel Green", "Sam Turner", "Tina Lopez", "Victor Hale",
    ];

    private static readonly (string Service, string Problem, string Address)[] Jobs =
    [
        ("Water heater replacement", "my water heater is leaking in the garage", "12 Elm St, Austin"),
        ("Drain cleaning", "the kitchen sink drain is completely blocked", "408 Oak Ave, Austin"),
        ("Leak repair", "there's water coming through the ceiling under the bathroom", "77 Cedar Ln, Austin"),
        ("Toilet repair", "the toilet keeps running all night", "9 Birch Ct, Round Rock"),
        ("Sewer line inspection", "the basement drain smells and gurgles", "1520 Lamar Blvd, Austin"),
        ("Faucet installation", "I bought a new kitchen faucet and need it installed", "33 Willow Way, Pflugerville"),
        ("Garbage disposal repair", "the garbage disposal just hums and won't turn", "260 Pecan St, Austin"),
    ];

    public static AgentProfile Agent() => new()
    {
        Name = "Riley",
        Voice = "coral",
        Greeting = "Thanks for calling Riverside Plumbing, this is Riley. How can I help you today?",
        Language = "en-US",
        Warmth = 80,
        Formality = 30,
        Verbosity = 35,
        Pace = 55,
        CustomInstructions = "Always ask whether the water is shut off when there is an active leak.",
        RecordingDisclosure = true,
        AiDisclosure = true,
        EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
    };

    public static BusinessProfile Business()
    {
        var profile = new BusinessProfile
        {
            BusinessName = "Riverside Plumbing",
            Description = "Family-run plumbers serving Austin and Round Rock since 2004. Licensed and insured.",
            Services =
            {
                Offering("Water heater replacement", "Tank and tankless units", 150_000, 400_000),
                Offering("Drain cleaning", "Kitchen, bath and main lines", 12_900, 29_900),
                Offering("Leak repair", "Pipes, fittings and fixtures", 15_000, 80_000),
                Offering("Sewer line inspection", "Camera inspection with a written report", 25_000, 25_000),
            },
            ServiceAreaZips = { "78701", "78702", "78703", "78704", "78660", "78664", "78681" },
            Faqs =
            {
                new Faq { Question = "Do you charge for estimates?", Answer = "No, estimates are free within our service area." },
                new Faq { Question = "Do you offer emergency service?", Answer = "Yes, for active leaks and no water, around the clock." },
                new Faq { Question = "Are you licensed?", Answer = "Yes, Texas master plumber license M-40123." },
            },
            EscalationContacts =
            {
                new EscalationContact { Name = "Maria (owner)", Phone = "+15127340111", RingSeconds = 25 },
                new EscalationContact { Name = "Sam (on call)", Phone = "+15127340112", RingSeconds = 20 },
            },
            BookingRules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 120, DailyCap = 6 },
        };
        for (var day = 1; day <= 6; day++)
        {
            profile.WeeklyHours.Add(new DailyHours
            {
                DayOfWeek = day,
                Open = new LocalTimeOfDay { Hour = day == 6 ? 9 : 7 },
                Close = new LocalTimeOfDay { Hour = day == 6 ? 14 : 18 },
            });
        }

        return profile;
    }

    /// <summary>What happened on call <paramref name="index"/>: the mix a small business sees in two weeks.</summary>
    public static CallOutcome OutcomeOf(int index) => (index % 20) switch
    {
        0 or 10 => CallOutcome.Booked,
        1 or 3 or 6 or 11 or 13 or 16 => CallOutcome.Lead,
        2 or 5 or 7 or 12 or 15 or 17 => CallOutcome.Information,
        4 => CallOutcome.Spam,
        9 => CallOutcome.Escalated,
        14 => CallOutcome.Voicemail,
        8 or 18 => CallOutcome.Abandoned,
        _ => CallOutcome.Unspecified, // 19: missed, nobody picked up
    };

    public static string CallerName(int index) => Callers[index % Callers.Length];

    public static (string Service, string Problem, string Address) JobOf(int index) => Jobs[index % Jobs.Length];

    /// <summary>A valid US number per caller, stable across runs.</summary>
    public static string CallerNumber(int index) => $"+1512{620 + (index % Callers.Length)}{1000 + index * 37:0000}";

    public static Urgency UrgencyOf(int index) => (index % 4) switch
    {
        0 => Urgency.Normal,
        1 => Urgency.High,
        2 => Urgency.Low,
        _ => index % 8 == 3 ? Urgency.Emergency : Urgency.Normal,
    };

    /// <summary>Where a lead stands after two weeks of follow-up.</summary>
    public static LeadStatus LeadStatusOf(int leadNumber) => (leadNumber % 5) switch
    {
        0 => LeadStatus.New,
        1 => LeadStatus.Contacted,
        2 => LeadStatus.Won,
        3 => LeadStatus.New,
        _ => LeadStatus.Lost,
    };

    public static IReadOnlyList<(Speaker Speaker, string Text)> Transcript(int index)
    {
        var name = CallerName(index);
        var (service, problem, address) = JobOf(index);
        var greeting = Agent().Greeting;
        return OutcomeOf(index) switch
        {
            CallOutcome.Booked =>
            [
                (Speaker.Agent, greeting),
                (Speaker.Caller, $"Hi, {problem}. Could someone come out and take a look?"),
                (Speaker.Agent, "I'm sorry to hear that. I can book a free estimate. May I have your name and address?"),
                (Speaker.Caller, $"It's {name}, at {address}."),
                (Speaker.Agent, "Thank you. Let me check the calendar for you."),
                (Speaker.Agent, "I have an opening in the next few days. Shall I book it?"),
                (Speaker.Caller, "Yes, that works, thanks."),
                (Speaker.Agent, "You're booked. You'll get a text confirmation shortly. Anything else?"),
                (Speaker.Caller, "No, that's all."),
            ],
            CallOutcome.Lead =>
            [
                (Speaker.Agent, greeting),
                (Speaker.Caller, $"Hello, {problem}. How much would that cost?"),
                (Speaker.Agent, $"{service} usually depends on what we find on site. I can have someone call you back with a quote. What's your name?"),
                (Speaker.Caller, $"{name}. I'm at {address}."),
                (Speaker.Agent, "Got it. I've passed your details to the team and they'll call you back today."),
                (Speaker.Caller, "Great, thank you."),
            ],
            CallOutcome.Information =>
            [
                (Speaker.Agent, greeting),
                (Speaker.Caller, "Do you charge for estimates?"),
                (Speaker.Agent, "No, estimates are free within our service area."),
                (Speaker.Caller, "And are you open on Saturdays?"),
                (Speaker.Agent, "Yes, Saturdays from 9 to 2. Is there anything else I can help with?"),
                (Speaker.Caller, "No, that's it, thanks."),
            ],
            CallOutcome.Spam =>
            [
                (Speaker.Agent, greeting),
                (Speaker.Caller, "Congratulations, your business has been selected for a limited-time listing upgrade."),
                (Speaker.Agent, "Thanks, but we're not interested. Goodbye."),
            ],
            CallOutcome.Escalated =>
            [
                (Speaker.Agent, greeting),
                (Speaker.Caller, "Water is pouring out of a burst pipe and I can't find the shut-off!"),
                (Speaker.Agent, "That's an emergency. I'm connecting you to our on-call plumber right now. Please stay on the line."),
                (Speaker.System, "Transferred to Maria (owner)."),
            ],
            CallOutcome.Voicemail =>
            [
                (Speaker.Agent, greeting),
                (Speaker.System, "The assistant was unavailable; the caller left a voicemail."),
            ],
            CallOutcome.Abandoned =>
            [
                (Speaker.Agent, greeting),
                (Speaker.Caller, "Oh, sorry, wrong number."),
            ],
            _ => [],
        };
    }

    public static string SummaryOf(int index)
    {
        var name = CallerName(index);
        var (service, problem, _) = JobOf(index);
        return OutcomeOf(index) switch
        {
            CallOutcome.Booked => $"{name}: {problem}. Free estimate booked for {service.ToLowerInvariant()}.",
            CallOutcome.Lead => $"{name} asked about {service.ToLowerInvariant()} ({problem}); wants a call back with a quote.",
            CallOutcome.Information => "Asked whether estimates are free and about Saturday hours.",
            CallOutcome.Spam => "Marketing call offering a listing upgrade.",
            CallOutcome.Escalated => "Burst pipe emergency; transferred to the owner.",
            CallOutcome.Voicemail => "The assistant was unavailable; the caller left a voicemail.",
            CallOutcome.Abandoned => "Caller dialled a wrong number and hung up.",
            _ => "",
        };
    }

    private static ServiceOffering Offering(string name, string description, long min, long max) => new()
    {
        Name = name,
        Description = description,
        PriceMin = new Money { MinorUnits = min, Currency = "USD" },
        PriceMax = new Money { MinorUnits = max, Currency = "USD" },
    };
}
