using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Voice.Outbox;

/// <summary>
/// What the owner sees on the call's page when a write of that call was parked: a failed action named
/// <see cref="Name"/> under "What the receptionist did", saying in plain words what was not saved and why,
/// with the details as heard so nothing the caller said is lost to the owner.
/// </summary>
public static class ParkedNote
{
    public const string Name = "not_saved";

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>The note for a parked entry, or null when it has no call to show it on (or is itself a note).</summary>
    public static OutboxEntry? For(PendingEntry parked, string reason, DateTimeOffset now)
    {
        var entry = parked.Entry;
        if (entry.CallId is null || IsNote(entry))
        {
            return null;
        }

        var record = new RecordToolInvocationRequest
        {
            CallId = entry.CallId,
            // One note per parked entry, however often the parking is repeated after replays.
            ToolCallId = $"{Name}:{parked.Name}",
            Name = Name,
            ArgumentsJson = JsonFormatter.Default.Format(new Struct { Fields = { ["kind"] = Value.ForString(entry.Kind) } }),
            ResultJson = JsonFormatter.Default.Format(new Struct { Fields = { ["message"] = Value.ForString(Message(entry, Plain(reason, 500))) } }),
            Status = ToolInvocationStatus.Failed,
            StartedAt = Timestamp.FromDateTimeOffset(now),
        };
        return new OutboxEntry(OutboxEntry.RecordToolInvocation, entry.TenantId, JsonFormatter.Default.Format(record));
    }

    private static string Message(OutboxEntry entry, string reason)
    {
        try
        {
            switch (entry.Kind)
            {
                case OutboxEntry.CreateLead:
                    var lead = Parser.Parse<CreateLeadRequest>(entry.PayloadJson);
                    return $"A lead from this call could not be saved: {reason} Name and phone as heard: {Plain(lead.Name, 200)}, {Plain(lead.Phone, 40)}."
                        + (lead.Notes.Length > 0 ? $" Notes: {Plain(lead.Notes, 500)}" : "");
                case OutboxEntry.AppendTranscriptTurns:
                    var turns = Parser.Parse<AppendTranscriptTurnsRequest>(entry.PayloadJson);
                    return $"{turns.Turns.Count} lines of this call's transcript could not be saved: {reason}";
                case OutboxEntry.RecordToolInvocation:
                    var tool = Parser.Parse<RecordToolInvocationRequest>(entry.PayloadJson);
                    return $"The record of the receptionist's action \"{Plain(tool.Name, 64)}\" could not be saved: {reason}";
                case OutboxEntry.CompleteCall:
                    return $"The end of this call could not be recorded: {reason}";
            }
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
        {
            // Described by kind only below.
        }

        return $"A record of this call ({entry.Kind}) could not be saved: {reason}";
    }

    /// <summary>True for an entry that is itself a note about a parked entry.</summary>
    public static bool IsNote(OutboxEntry entry)
    {
        if (entry.Kind != OutboxEntry.RecordToolInvocation)
        {
            return false;
        }

        try
        {
            return Parser.Parse<RecordToolInvocationRequest>(entry.PayloadJson).Name == Name;
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
        {
            return false;
        }
    }

    /// <summary>Printable and bounded, so the note itself is never refused for what it quotes.</summary>
    private static string Plain(string text, int max)
    {
        var plain = TextRules.StripControlCharacters(text).Trim();
        return plain.Length > max ? plain[..max] + "…" : plain;
    }
}
