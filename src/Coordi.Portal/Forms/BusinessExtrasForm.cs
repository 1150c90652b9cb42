using System.ComponentModel.DataAnnotations;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;

namespace Coordi.Portal.Forms;

/// <summary>FAQs, people to hand calls to, and booking rules: the parts of the business profile beyond onboarding.</summary>
public sealed class BusinessExtrasForm
{
    public const int BlankRows = 2;

    public List<FaqRow> Faqs { get; set; } = [];

    public List<ContactRow> Contacts { get; set; } = [];

    [Range(15, 480, ErrorMessage = "An estimate visit lasts 15 to 480 minutes.")]
    [Display(Name = "Length of an estimate visit (minutes)")]
    public int SlotMinutes { get; set; } = 60;

    [Range(0, 336, ErrorMessage = "Enter 0 to 336 hours.")]
    [Display(Name = "Earliest booking (hours from now)")]
    public int LeadTimeHours { get; set; } = 2;

    [Range(0, 100, ErrorMessage = "Enter 0 to 100.")]
    [Display(Name = "Most estimates per day (0 for no limit)")]
    public int DailyCap { get; set; }

    public static BusinessExtrasForm From(BusinessProfile profile)
    {
        var form = new BusinessExtrasForm
        {
            Faqs = profile.Faqs.Select(f => new FaqRow { Question = f.Question, Answer = f.Answer }).ToList(),
            Contacts = profile.EscalationContacts.Select(c => new ContactRow { Name = c.Name, Phone = PhoneNumberRules.Display(c.Phone), RingSeconds = c.RingSeconds }).ToList(),
            SlotMinutes = profile.BookingRules?.SlotMinutes is > 0 and var slot ? slot : 60,
            LeadTimeHours = (profile.BookingRules?.LeadTimeMinutes ?? 120) / 60,
            DailyCap = profile.BookingRules?.DailyCap ?? 0,
        };
        form.Faqs.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new FaqRow()));
        form.Contacts.AddRange(Enumerable.Range(0, BlankRows).Select(_ => new ContactRow()));
        return form;
    }

    public IEnumerable<(string Field, string Message)> Validate(string prefix)
    {
        for (var i = 0; i < Faqs.Count; i++)
        {
            var faq = Faqs[i];
            if (faq.IsBlank)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(faq.Question))
            {
                yield return ($"{prefix}.Faqs[{i}].Question", "Write the question.");
            }

            if (string.IsNullOrWhiteSpace(faq.Answer))
            {
                yield return ($"{prefix}.Faqs[{i}].Answer", "Write the answer.");
            }
        }

        for (var i = 0; i < Contacts.Count; i++)
        {
            var contact = Contacts[i];
            if (contact.IsBlank)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(contact.Name))
            {
                yield return ($"{prefix}.Contacts[{i}].Name", "Enter the person's name.");
            }

            if (PhoneNumberRules.ToE164(contact.Phone) is null)
            {
                yield return ($"{prefix}.Contacts[{i}].Phone", "Enter a valid phone number.");
            }
        }
    }

    public void ApplyTo(BusinessProfile profile)
    {
        profile.Faqs.Clear();
        profile.Faqs.AddRange(Faqs.Where(f => !f.IsBlank).Select(f => new Faq { Question = f.Question!.Trim(), Answer = f.Answer!.Trim() }));
        profile.EscalationContacts.Clear();
        profile.EscalationContacts.AddRange(Contacts.Where(c => !c.IsBlank).Select(c => new EscalationContact
        {
            Name = c.Name!.Trim(),
            Phone = PhoneNumberRules.ToE164(c.Phone) ?? c.Phone ?? "",
            RingSeconds = c.RingSeconds,
        }));
        profile.BookingRules = new BookingRules { SlotMinutes = SlotMinutes, LeadTimeMinutes = LeadTimeHours * 60, DailyCap = DailyCap };
    }

    public static readonly IReadOnlyDictionary<string, string> CoreFields = new Dictionary<string, string>
    {
        ["profile.faqs"] = "Extras.Faqs",
        ["profile.escalation_contacts"] = "Extras.Contacts",
        ["profile.booking_rules.slot_minutes"] = "Extras.SlotMinutes",
        ["profile.booking_rules.lead_time_minutes"] = "Extras.LeadTimeHours",
        ["profile.booking_rules.daily_cap"] = "Extras.DailyCap",
    };
}

public sealed class FaqRow
{
    [StringLength(500)]
    public string? Question { get; set; }

    [StringLength(2000)]
    public string? Answer { get; set; }

    public bool IsBlank => string.IsNullOrWhiteSpace(Question) && string.IsNullOrWhiteSpace(Answer);
}

public sealed class ContactRow
{
    [StringLength(100)]
    public string? Name { get; set; }

    [StringLength(32)]
    public string? Phone { get; set; }

    [Range(5, 60, ErrorMessage = "Ring for 5 to 60 seconds.")]
    public int RingSeconds { get; set; } = 20;

    public bool IsBlank => string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(Phone);
}
