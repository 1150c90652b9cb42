using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class Lead : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>Client idempotency key, unique per tenant.</summary>
    public required string RequestId { get; set; }
    public string Name { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Email { get; set; } = "";
    public string Address { get; set; } = "";
    public string Service { get; set; } = "";
    public Urgency Urgency { get; set; } = Urgency.Normal;
    public string Notes { get; set; } = "";
    public LeadStatus Status { get; set; } = LeadStatus.New;
    public Guid? CallId { get; set; }
    public required string Source { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<LeadChange> History { get; set; } = [];
}

public enum LeadStatus
{
    New = 1,
    Contacted = 2,
    Booked = 3,
    Won = 4,
    Lost = 5,
}

public enum Urgency
{
    Low = 1,
    Normal = 2,
    High = 3,
    Emergency = 4,
}
