using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class LeadChange : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LeadId { get; set; }
    public required string Field { get; set; }
    public string OldValue { get; set; } = "";
    public string NewValue { get; set; } = "";
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }
}
