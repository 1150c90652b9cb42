using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class PhoneNumber : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    /// <summary>E.164; unique platform-wide, since a dialled number must lead to exactly one business.</summary>
    public required string E164 { get; set; }
    public string Label { get; set; } = "";
    public string? TwilioSid { get; set; }
    public DateTime CreatedAt { get; set; }
}
