using Coordi.MultiTenancy;

namespace Coordi.Core.Model;

public sealed class Call : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string TwilioCallSid { get; set; }
    public required string FromNumber { get; set; }
    public required string ToNumber { get; set; }
    public CallStatus Status { get; set; } = CallStatus.InProgress;
    public CallOutcome? Outcome { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public int DurationSeconds { get; set; }
    public string Summary { get; set; } = "";
    public string? RecordingRef { get; set; }
    public int? FirstGreetingMs { get; set; }
    public int? ResponseP50Ms { get; set; }
    public int? ResponseP95Ms { get; set; }
    public int TurnsMeasured { get; set; }

    /// <summary>What the call does once the agent's media stream closes; null until the voice edge says.</summary>
    public CallHandoff? Handoff { get; set; }
    public string HandoffReason { get; set; } = "";
    public List<TranscriptTurn> Transcript { get; set; } = [];
    public List<ToolInvocation> ToolInvocations { get; set; } = [];
}

public enum CallStatus
{
    InProgress = 1,
    Completed = 2,
    Missed = 3,
    Failed = 4,
}

public enum CallOutcome
{
    Lead = 1,
    Booked = 2,
    Escalated = 3,
    Spam = 4,
    Abandoned = 5,
    Information = 6,
    Voicemail = 7,
}

public enum CallHandoff
{
    HangUp = 1,
    Transfer = 2,
    Voicemail = 3,
    TimeLimit = 4,
}
