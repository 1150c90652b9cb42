using System.Text.Json;

namespace Coordi.Voice.Outbox;

/// <summary>A write to the core that must happen eventually, stored on disk until the core acknowledges it.</summary>
public sealed record OutboxEntry(string Kind, string TenantId, string PayloadJson)
{
    public const string CreateLead = "CreateLead";
    public const string AppendTranscriptTurns = "AppendTranscriptTurns";
    public const string RecordToolInvocation = "RecordToolInvocation";
    public const string CompleteCall = "CompleteCall";

    /// <summary>
    /// The call the write belongs to, read from the payload's call id: entries of one call are delivered in order,
    /// entries of different calls independently. Null (a lead without a call) orders with nothing.
    /// </summary>
    public string? CallId { get; init; } = CallIdOf(PayloadJson);

    /// <summary>Failed deliveries so far. Stored with the entry, so a restart does not start the count again.</summary>
    public int Attempts { get; init; }

    /// <summary>The core's answer to the last failed delivery ("Internal: ...").</summary>
    public string? LastError { get; init; }

    /// <summary>When the entry was set aside for a person (see <see cref="DurableOutbox.ParkAsync"/>).</summary>
    public DateTimeOffset? ParkedAt { get; init; }

    private static string? CallIdOf(string payloadJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(payloadJson);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // Protobuf's JSON form writes "callId"; "call_id" is its accepted alternative.
            foreach (var name in (ReadOnlySpan<string>)["callId", "call_id"])
            {
                if (doc.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } id)
                {
                    return id;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
