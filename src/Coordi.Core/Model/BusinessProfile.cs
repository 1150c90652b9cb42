using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class BusinessProfile : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string BusinessName { get; set; } = "";
    public string Description { get; set; } = "";
    public List<ServiceOffering> Services { get; set; } = [];
    public List<string> ServiceAreaZips { get; set; } = [];
    public List<DailyHours> WeeklyHours { get; set; } = [];
    public List<Faq> Faqs { get; set; } = [];
    public List<EscalationContact> EscalationContacts { get; set; } = [];
    public BookingRules BookingRules { get; set; } = new();
    public DateTime UpdatedAt { get; set; }
}

public sealed record ServiceOffering(string Name, string Description, long? PriceMinMinor, long? PriceMaxMinor, string Currency);

/// <summary>Opening hours on one ISO day of week (1 = Monday), as local minutes from midnight.</summary>
public sealed record DailyHours(int DayOfWeek, int OpenMinute, int CloseMinute);

public sealed record Faq(string Question, string Answer);

public sealed record EscalationContact(string Name, string Phone, int RingSeconds);

public sealed record BookingRules
{
    public int SlotMinutes { get; init; } = 60;
    public int LeadTimeMinutes { get; init; } = 120;
    public int DailyCap { get; init; }
}
