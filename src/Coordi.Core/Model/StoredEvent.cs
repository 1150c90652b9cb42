using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

/// <summary>
/// One change event in the outbox, written in the transaction of the change it describes. <see cref="Sequence"/>
/// is the organization's gap-free, commit-ordered position and the cursor partners resume from.
/// </summary>
public sealed class StoredEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public long Sequence { get; set; }
    public required string Type { get; set; }
    public Guid SubjectId { get; set; }
    /// <summary>The subject (call, lead or appointment) as proto JSON, as it was when the event was written.</summary>
    public required string Payload { get; set; }
    public DateTime OccurredAt { get; set; }
}

/// <summary>The last event sequence allocated to an organization; its row lock orders the organization's event writers.</summary>
public sealed class EventSequence
{
    public Guid TenantId { get; set; }
    public long LastSequence { get; set; }
    /// <summary>The highest sequence deleted by retention: a stream can resume after this cursor or a later one.</summary>
    public long PrunedThrough { get; set; }
}
