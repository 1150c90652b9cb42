using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>An estimate visit. Overlapping booked appointments of one tenant are refused by an exclusion constraint.</summary>
public sealed class Appointment : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string RequestId { get; set; }
    public Guid? LeadId { get; set; }
    public Guid? CallId { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public AppointmentStatus Status { get; set; } = AppointmentStatus.Booked;
    public string Notes { get; set; } = "";
    public string CancelReason { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public enum AppointmentStatus
{
    Booked = 1,
    Cancelled = 2,
}
