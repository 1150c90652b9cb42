using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class TranscriptTurn : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CallId { get; set; }
    /// <summary>Position in the call, assigned by the voice edge; unique per call so retries add nothing twice.</summary>
    public int Sequence { get; set; }
    public Speaker Speaker { get; set; }
    public required string Text { get; set; }
    public DateTime OccurredAt { get; set; }
}

public enum Speaker
{
    Caller = 1,
    Agent = 2,
    System = 3,
}
