using System.Globalization;
using System.Text;
using Coordi.Core.Model;

namespace Coordi.Core.Application;

/// <summary>
/// Renders the agent's instructions from the two profiles. Pure and deterministic: the same profiles give
/// the same prompt, so the portal's preview is exactly what a caller's agent receives.
/// </summary>
public static class SystemPromptRenderer
{
    public static string Render(string organizationName, string timeZone, AgentProfile agent, BusinessProfile business)
    {
        var businessName = string.IsNullOrWhiteSpace(business.BusinessName) ? organizationName : business.BusinessName;
        var sb = new StringBuilder(2048);

        sb.Append("You are ").Append(agent.Name).Append(", the phone receptionist for ").Append(businessName).AppendLine(".");
        if (!string.IsNullOrWhiteSpace(business.Description))
        {
            sb.Append("About the business: ").AppendLine(business.Description.Trim());
        }

        sb.AppendLine();
        sb.AppendLine("# Style");
        sb.Append("- Speak ").Append(LanguageName(agent.Language)).AppendLine(" unless the caller uses another language.");
        sb.Append("- Tone: ").Append(Warmth(agent.Warmth)).Append(", ").Append(Formality(agent.Formality)).AppendLine(".");
        sb.Append("- Length: ").Append(Verbosity(agent.Verbosity)).AppendLine(".");
        sb.Append("- Pace: ").Append(Pace(agent.Pace)).AppendLine(".");
        sb.AppendLine("- This is a phone call: no lists, no markdown, no URLs read aloud. Ask one question at a time.");

        sb.AppendLine();
        sb.AppendLine("# Opening");
        sb.Append("- Greet the caller with: \"").Append(agent.Greeting.Trim()).AppendLine("\"");
        if (agent.AiDisclosure)
        {
            sb.AppendLine("- In the greeting, say that you are an AI assistant. If asked, never claim to be human.");
        }

        if (agent.RecordingDisclosure)
        {
            sb.AppendLine("- In the greeting, say that the call may be recorded for quality.");
        }

        AppendServices(sb, business.Services);
        AppendServiceArea(sb, business.ServiceAreaZips);
        AppendHours(sb, business.WeeklyHours, timeZone);
        AppendFaqs(sb, business.Faqs);

        sb.AppendLine();
        sb.AppendLine("# Taking details");
        sb.AppendLine("- Collect the caller's name, phone number, service address, the service needed and how urgent it is.");
        sb.AppendLine("- Before saving a lead, read the phone number and address back to the caller and wait for them to confirm.");
        sb.AppendLine("- Then call create_lead. Offer an estimate visit: use check_availability, then book_estimate for the slot the caller picks.");
        sb.AppendLine("- After booking, offer to text a confirmation with send_sms.");
        sb.AppendLine("- Before any tool that may take a moment, tell the caller what you are doing (\"Let me check the calendar\").");
        sb.AppendLine("- Never invent prices, availability or policies that are not written here.");

        sb.AppendLine();
        sb.AppendLine("# Handing over");
        sb.AppendLine(agent.EscalationPolicy switch
        {
            EscalationPolicy.Never => "- Do not transfer calls. If the caller wants a person, take a detailed message as a lead and promise a call back.",
            EscalationPolicy.OnRequest => "- If the caller asks for a person, call escalate_to_human.",
            _ => "- If the caller asks for a person, or describes an emergency (flooding, gas smell, sparking, no heat in freezing weather), call escalate_to_human.",
        });
        sb.AppendLine("- When the caller is done, say goodbye and call end_call.");

        if (!string.IsNullOrWhiteSpace(agent.CustomInstructions))
        {
            sb.AppendLine();
            sb.AppendLine("# Owner's instructions");
            sb.AppendLine(agent.CustomInstructions.Trim());
        }

        return sb.ToString();
    }

    private static void AppendServices(StringBuilder sb, IReadOnlyList<ServiceOffering> services)
    {
        if (services.Count == 0)
        {
            return;
        }

        sb.AppendLine();
        sb.AppendLine("# Services offered");
        foreach (var s in services)
        {
            sb.Append("- ").Append(s.Name);
            var price = PriceRange(s);
            if (price is not null)
            {
                sb.Append(" (").Append(price).Append(')');
            }

            if (!string.IsNullOrWhiteSpace(s.Description))
            {
                sb.Append(": ").Append(s.Description.Trim());
            }

            sb.AppendLine();
        }

        sb.AppendLine("- Quote prices only as the ranges above, and say the final price is confirmed at the estimate.");
    }

    private static string? PriceRange(ServiceOffering s)
    {
        var currency = string.IsNullOrWhiteSpace(s.Currency) ? "USD" : s.Currency;
        return (s.PriceMinMinor, s.PriceMaxMinor) switch
        {
            (long min, long max) when min != max => $"{Money(min, currency)} to {Money(max, currency)}",
            (long min, _) => $"from {Money(min, currency)}",
            (null, long max) => $"up to {Money(max, currency)}",
            _ => null,
        };
    }

    private static string Money(long minor, string currency) =>
        currency == "USD"
            ? "$" + (minor / 100m).ToString(minor % 100 == 0 ? "0" : "0.00", CultureInfo.InvariantCulture)
            : (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " " + currency;

    private static void AppendServiceArea(StringBuilder sb, IReadOnlyList<string> zips)
    {
        if (zips.Count == 0)
        {
            return;
        }

        sb.AppendLine();
        sb.AppendLine("# Service area");
        sb.Append("- ZIP codes served: ").AppendJoin(", ", zips).AppendLine(".");
        sb.AppendLine("- If the caller's address is outside these, say so politely and still offer to take their details.");
    }

    private static void AppendHours(StringBuilder sb, IReadOnlyList<DailyHours> hours, string timeZone)
    {
        sb.AppendLine();
        sb.Append("# Opening hours (").Append(timeZone).AppendLine(")");
        if (hours.Count == 0)
        {
            sb.AppendLine("- Hours are not set; do not promise a time, take details for a call back.");
            return;
        }

        for (var day = 1; day <= 7; day++)
        {
            var open = hours.Where(h => h.DayOfWeek == day).OrderBy(h => h.OpenMinute).ToList();
            sb.Append("- ").Append(DayName(day)).Append(": ");
            sb.AppendLine(open.Count == 0 ? "closed" : string.Join(", ", open.Select(h => $"{Clock(h.OpenMinute)}-{Clock(h.CloseMinute)}")));
        }
    }

    private static void AppendFaqs(StringBuilder sb, IReadOnlyList<Faq> faqs)
    {
        if (faqs.Count == 0)
        {
            return;
        }

        sb.AppendLine();
        sb.AppendLine("# Frequently asked questions");
        foreach (var faq in faqs)
        {
            sb.Append("- Q: ").AppendLine(faq.Question.Trim());
            sb.Append("  A: ").AppendLine(faq.Answer.Trim());
        }
    }

    private static string Clock(int minuteOfDay) => $"{minuteOfDay / 60:00}:{minuteOfDay % 60:00}";

    private static string DayName(int isoDay) => ((DayOfWeek)(isoDay % 7)).ToString();

    private static string LanguageName(string tag)
    {
        try
        {
            return CultureInfo.GetCultureInfo(tag, predefinedOnly: true).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return tag;
        }
    }

    // Five bands per slider: enough for the model to act on, coarse enough to stay stable.
    private static string Band(int value, string[] words) => words[Math.Clamp(value, 0, 100) * words.Length / 101];

    private static string Warmth(int v) => Band(v, ["matter-of-fact", "polite", "friendly", "warm", "very warm and reassuring"]);

    private static string Formality(int v) => Band(v, ["very casual", "casual", "neutral", "professional", "formal"]);

    private static string Verbosity(int v) => Band(v, ["as brief as possible, a few words", "short sentences", "one or two sentences per turn", "full explanations when useful", "detailed and thorough"]);

    private static string Pace(int v) => Band(v, ["slow and deliberate", "unhurried", "natural", "brisk", "quick"]);
}
