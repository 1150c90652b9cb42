using Coordi.Contracts.V1;
using Coordi.Voice.Calls;

namespace Coordi.Voice.Tools;

/// <summary>What a tool knows of the call it runs in, and what it leaves behind for the call's outcome.</summary>
public sealed class ToolContext(LiveCall call)
{
    public LiveCall Call { get; } = call;
    public AgentConfig Config => Call.Config;
    public string? LeadId { get; set; }
    public bool Booked { get; set; }
    public bool Escalated { get; set; }
    public bool LeadQueued { get; set; }
}

/// <summary>A tool's answer to the model, and whether the call should end after the agent's last words.</summary>
public sealed record ToolResult(string OutputJson, bool Succeeded, CallDisposition? EndWith = null);
