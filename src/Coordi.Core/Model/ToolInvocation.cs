using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class ToolInvocation : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid CallId { get; set; }
    public required string ToolCallId { get; set; }
    public required string Name { get; set; }
    public string ArgumentsJson { get; set; } = "{}";
    public string ResultJson { get; set; } = "{}";
    public bool Succeeded { get; set; }
    public DateTime StartedAt { get; set; }
    public int DurationMs { get; set; }
}
