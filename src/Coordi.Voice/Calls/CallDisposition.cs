using Coordi.Contracts.V1;

namespace Coordi.Voice.Calls;

/// <summary>What the &lt;Connect action&gt; webhook should do once the media stream has closed.</summary>
public enum CallDisposition
{
    /// <summary>The conversation ended; hang up.</summary>
    Hangup,

    /// <summary>Transfer to the business's escalation contacts, in order.</summary>
    Escalate,

    /// <summary>The AI could not continue (e.g. OpenAI unreachable): apologise and take a voicemail.</summary>
    Voicemail,

    /// <summary>The model's session expired before the agent could say goodbye: apologise and offer a voicemail.</summary>
    TimeLimit,
}

/// <summary>A call this instance answered, from the webhook until the status callback.</summary>
public sealed class LiveCall(string callId, string tenantId, string callSid, string from, string to, AgentConfig config)
{
    public string CallId { get; } = callId;
    public string TenantId { get; } = tenantId;
    public string CallSid { get; } = callSid;
    public string From { get; } = from;
    public string To { get; } = to;
    public AgentConfig Config { get; } = config;
    public bool StreamAttached { get; set; }
    public bool Ended { get; set; }
    public CallDisposition Disposition { get; set; } = CallDisposition.Hangup;
    public string? DispositionReason { get; set; }

    /// <summary>The conversation running on the media stream; null until the stream has started.</summary>
    public CallSession? Session { get; set; }
    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;
}
