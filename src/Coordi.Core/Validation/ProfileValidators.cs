using Coordi.Contracts.V1;
using FluentValidation;

namespace Coordi.Core.Validation;

public sealed class AgentProfileValidator : AbstractValidator<AgentProfile>
{
    public static readonly string[] Voices = ["alloy", "ash", "ballad", "coral", "echo", "sage", "shimmer", "verse", "marin", "cedar"];

    public AgentProfileValidator()
    {
        RuleFor(p => p.Name).NotEmpty().MaximumLength(60);
        RuleFor(p => p.Voice).Must(v => Voices.Contains(v)).WithMessage($"'{{PropertyValue}}' is not a voice; choose one of {string.Join(", ", Voices)}.");
        RuleFor(p => p.Greeting).NotEmpty().MaximumLength(500);
        RuleFor(p => p.Language).NotEmpty().MaximumLength(35).Matches("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$").WithMessage("'{PropertyValue}' is not a language tag like en-US.");
        RuleFor(p => p.Warmth).InclusiveBetween(0, 100);
        RuleFor(p => p.Formality).InclusiveBetween(0, 100);
        RuleFor(p => p.Verbosity).InclusiveBetween(0, 100);
        RuleFor(p => p.Pace).InclusiveBetween(0, 100);
        RuleFor(p => p.CustomInstructions).MaximumLength(4000);
        RuleFor(p => p.EscalationPolicy).DefinedNonZero();
    }
}

public sealed class BusinessProfileValidator : AbstractValidator<BusinessProfile>
{
    public BusinessProfileValidator()
    {
        RuleFor(p => p.BusinessName).MaximumLength(200);
        RuleFor(p => p.Description).MaximumLength(4000);
        RuleFor(p => p.Services).Must(s => s.Count <= 50).WithMessage("At most 50 services.");
        RuleForEach(p => p.Services).ChildRules(s =>
        {
            s.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            s.RuleFor(x => x.Description).MaximumLength(1000);
            s.RuleFor(x => x.PriceMin!.MinorUnits).GreaterThanOrEqualTo(0).When(x => x.PriceMin is not null);
            s.RuleFor(x => x.PriceMax!.MinorUnits).GreaterThanOrEqualTo(0).When(x => x.PriceMax is not null);
            s.RuleFor(x => x.PriceMax!.MinorUnits).GreaterThanOrEqualTo(x => x.PriceMin!.MinorUnits)
                .When(x => x.PriceMin is not null && x.PriceMax is not null).WithMessage("The maximum price must not be below the minimum.");
            s.RuleFor(x => x.PriceMin!.Currency).Matches("^([A-Z]{3})?$").When(x => x.PriceMin is not null).WithMessage("Currency must be an ISO 4217 code like USD.");
            s.RuleFor(x => x.PriceMax!.Currency).Matches("^([A-Z]{3})?$").When(x => x.PriceMax is not null).WithMessage("Currency must be an ISO 4217 code like USD.");
        });
        RuleFor(p => p.ServiceAreaZips).Must(z => z.Count <= 500).WithMessage("At most 500 ZIP codes.");
        RuleForEach(p => p.ServiceAreaZips).Matches(@"^\d{5}$").WithMessage("'{PropertyValue}' is not a 5-digit ZIP code.");
        RuleForEach(p => p.WeeklyHours).ChildRules(h =>
        {
            h.RuleFor(x => x.DayOfWeek).InclusiveBetween(1, 7).WithMessage("Day of week must be 1 (Monday) to 7 (Sunday).");
            h.RuleFor(x => x.Open).NotNull().Must(ValidTime).WithMessage("Opening time must be between 00:00 and 24:00.");
            h.RuleFor(x => x.Close).NotNull().Must(ValidTime).WithMessage("Closing time must be between 00:00 and 24:00.");
            h.RuleFor(x => x).Must(x => Minutes(x.Close) > Minutes(x.Open)).WithName("close").WithMessage("Closing time must be after opening time.");
        });
        RuleFor(p => p.WeeklyHours).Must(NoOverlaps).WithMessage("Opening hours of one day must not overlap.");
        RuleFor(p => p.Faqs).Must(f => f.Count <= 100).WithMessage("At most 100 FAQs.");
        RuleForEach(p => p.Faqs).ChildRules(f =>
        {
            f.RuleFor(x => x.Question).NotEmpty().MaximumLength(500);
            f.RuleFor(x => x.Answer).NotEmpty().MaximumLength(2000);
        });
        RuleFor(p => p.EscalationContacts).Must(c => c.Count <= 10).WithMessage("At most 10 escalation contacts.");
        RuleForEach(p => p.EscalationContacts).ChildRules(c =>
        {
            c.RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
            c.RuleFor(x => x.Phone).E164();
            c.RuleFor(x => x.RingSeconds).Must(s => s == 0 || s is >= 5 and <= 60).WithMessage("Ring time must be 5 to 60 seconds.");
        });
        When(p => p.BookingRules is not null, () =>
        {
            RuleFor(p => p.BookingRules.SlotMinutes).Must(m => m == 0 || m is >= 15 and <= 480).WithMessage("Slot length must be 15 to 480 minutes.");
            RuleFor(p => p.BookingRules.LeadTimeMinutes).InclusiveBetween(0, 20160);
            RuleFor(p => p.BookingRules.DailyCap).InclusiveBetween(0, 100);
        });
    }

    private static bool ValidTime(LocalTimeOfDay? t) =>
        t is not null && t.Hour is >= 0 and <= 24 && t.Minute is >= 0 and < 60 && (t.Hour < 24 || t.Minute == 0);

    private static int Minutes(LocalTimeOfDay? t) => t is null ? 0 : (t.Hour * 60) + t.Minute;

    private static bool NoOverlaps(IEnumerable<DailyHours> hours) =>
        hours.GroupBy(h => h.DayOfWeek).All(day =>
        {
            var sorted = day.OrderBy(h => Minutes(h.Open)).ToList();
            return sorted.Zip(sorted.Skip(1)).All(pair => Minutes(pair.First.Close) <= Minutes(pair.Second.Open));
        });
}

public sealed class UpdateAgentProfileRequestValidator : AbstractValidator<UpdateAgentProfileRequest>
{
    public UpdateAgentProfileRequestValidator()
    {
        RuleFor(r => r.Profile).NotNull().WithMessage("A profile is required.").SetValidator(new AgentProfileValidator());
    }
}

public sealed class UpdateBusinessProfileRequestValidator : AbstractValidator<UpdateBusinessProfileRequest>
{
    public UpdateBusinessProfileRequestValidator()
    {
        RuleFor(r => r.Profile).NotNull().WithMessage("A profile is required.").SetValidator(new BusinessProfileValidator());
    }
}

public sealed class PreviewSystemPromptRequestValidator : AbstractValidator<PreviewSystemPromptRequest>
{
    public PreviewSystemPromptRequestValidator()
    {
        RuleFor(r => r.Agent).SetValidator(new AgentProfileValidator()).When(r => r.Agent is not null);
        RuleFor(r => r.Business).SetValidator(new BusinessProfileValidator()).When(r => r.Business is not null);
    }
}
