using Coordi.Core.Model;
using V1 = Coordi.Contracts.V1;

namespace Coordi.Core.Grpc.Mapping;

internal static class ProfileMapping
{
    public static V1.AgentProfile ToProto(this AgentProfile p) => new()
    {
        Name = p.Name,
        Voice = p.Voice,
        Greeting = p.Greeting,
        Language = p.Language,
        Warmth = p.Warmth,
        Formality = p.Formality,
        Verbosity = p.Verbosity,
        Pace = p.Pace,
        CustomInstructions = p.CustomInstructions,
        RecordingDisclosure = p.RecordingDisclosure,
        AiDisclosure = p.AiDisclosure,
        EscalationPolicy = (V1.EscalationPolicy)p.EscalationPolicy,
        UpdatedAt = p.UpdatedAt.ToTimestamp(),
    };

    public static void Apply(this AgentProfile p, V1.AgentProfile m)
    {
        p.Name = m.Name.Trim();
        p.Voice = m.Voice;
        p.Greeting = m.Greeting.Trim();
        p.Language = m.Language;
        p.Warmth = m.Warmth;
        p.Formality = m.Formality;
        p.Verbosity = m.Verbosity;
        p.Pace = m.Pace;
        p.CustomInstructions = m.CustomInstructions;
        p.RecordingDisclosure = m.RecordingDisclosure;
        p.AiDisclosure = m.AiDisclosure;
        p.EscalationPolicy = (EscalationPolicy)m.EscalationPolicy;
    }

    public static V1.BusinessProfile ToProto(this BusinessProfile p)
    {
        var m = new V1.BusinessProfile
        {
            BusinessName = p.BusinessName,
            Description = p.Description,
            BookingRules = new V1.BookingRules
            {
                SlotMinutes = p.BookingRules.SlotMinutes,
                LeadTimeMinutes = p.BookingRules.LeadTimeMinutes,
                DailyCap = p.BookingRules.DailyCap,
            },
            UpdatedAt = p.UpdatedAt.ToTimestamp(),
        };
        m.Services.AddRange(p.Services.Select(s => new V1.ServiceOffering
        {
            Name = s.Name,
            Description = s.Description,
            PriceMin = s.PriceMinMinor is long min ? new V1.Money { MinorUnits = min, Currency = s.Currency } : null,
            PriceMax = s.PriceMaxMinor is long max ? new V1.Money { MinorUnits = max, Currency = s.Currency } : null,
        }));
        m.ServiceAreaZips.AddRange(p.ServiceAreaZips);
        m.WeeklyHours.AddRange(p.WeeklyHours.Select(h => new V1.DailyHours
        {
            DayOfWeek = h.DayOfWeek,
            Open = new V1.LocalTimeOfDay { Hour = h.OpenMinute / 60, Minute = h.OpenMinute % 60 },
            Close = new V1.LocalTimeOfDay { Hour = h.CloseMinute / 60, Minute = h.CloseMinute % 60 },
        }));
        m.Faqs.AddRange(p.Faqs.Select(f => new V1.Faq { Question = f.Question, Answer = f.Answer }));
        m.EscalationContacts.AddRange(p.EscalationContacts.Select(c => new V1.EscalationContact { Name = c.Name, Phone = c.Phone, RingSeconds = c.RingSeconds }));
        return m;
    }

    public static void Apply(this BusinessProfile p, V1.BusinessProfile m)
    {
        p.BusinessName = m.BusinessName.Trim();
        p.Description = m.Description.Trim();
        p.Services = m.Services.Select(s => new ServiceOffering(
            s.Name.Trim(),
            s.Description.Trim(),
            s.PriceMin?.MinorUnits,
            s.PriceMax?.MinorUnits,
            s.PriceMin?.Currency is { Length: > 0 } c ? c : s.PriceMax?.Currency is { Length: > 0 } c2 ? c2 : "USD")).ToList();
        p.ServiceAreaZips = m.ServiceAreaZips.Select(z => z.Trim()).Distinct().ToList();
        p.WeeklyHours = m.WeeklyHours.Select(h => new DailyHours(h.DayOfWeek, Minutes(h.Open), Minutes(h.Close))).ToList();
        p.Faqs = m.Faqs.Select(f => new Faq(f.Question.Trim(), f.Answer.Trim())).ToList();
        p.EscalationContacts = m.EscalationContacts
            .Select(c => new EscalationContact(c.Name.Trim(), c.Phone, c.RingSeconds == 0 ? 20 : c.RingSeconds))
            .ToList();
        var rules = m.BookingRules;
        p.BookingRules = rules is null
            ? new BookingRules()
            : new BookingRules { SlotMinutes = rules.SlotMinutes == 0 ? 60 : rules.SlotMinutes, LeadTimeMinutes = rules.LeadTimeMinutes, DailyCap = rules.DailyCap };
    }

    // 24:00 is allowed as a closing time, meaning midnight at the end of the day.
    private static int Minutes(V1.LocalTimeOfDay? t) => t is null ? 0 : (t.Hour * 60) + t.Minute;
}
