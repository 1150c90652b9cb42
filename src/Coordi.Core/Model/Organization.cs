namespace Coordi.Core.Model;

/// <summary>A business using Coordi. Its id is the tenant id of every row it owns.</summary>
public sealed class Organization
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string OwnerEmail { get; set; }
    /// <summary>IANA id; applied only at the edges (availability, daily metrics).</summary>
    public required string TimeZone { get; set; }
    public bool RecordingEnabled { get; set; } = true;
    public int ConcurrentCallCap { get; set; } = 5;
    /// <summary>Sign-up idempotency key, unique platform-wide.</summary>
    public string? CreateRequestId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
