namespace Coordi.Voice.Outbox;

/// <summary>A write to the core that must happen eventually, stored on disk until the core acknowledges it.</summary>
public sealed record OutboxEntry(string Kind, string TenantId, string PayloadJson)
{
    public const string CreateLead = "CreateLead";
    public const string AppendTranscriptTurns = "AppendTranscriptTurns";
    public const string RecordToolInvocation = "RecordToolInvocation";
    public const string CompleteCall = "CompleteCall";
}
