using System.Text.Json;

namespace Coordi.Testing.Fakes;

/// <summary>A function call the scripted model made.</summary>
public sealed record FunctionCallMade(string Name, string CallId, string Arguments);

/// <summary>A function_call_output the client sent back.</summary>
public sealed record FunctionOutput(string CallId, string Output)
{
    public JsonElement Json
    {
        get
        {
            using var doc = JsonDocument.Parse(Output);
            return doc.RootElement.Clone();
        }
    }
}

/// <summary>A conversation.item.truncate the client sent.</summary>
public sealed record Truncation(string ItemId, long AudioEndMs);

/// <summary>One audio reply of the model. Its audio is made of one byte value, <see cref="Tag"/>, so a listener can tell replies apart.</summary>
public sealed class Reply(string responseId, string itemId, string text, byte tag, int totalBytes)
{
    public string ResponseId { get; } = responseId;
    public string ItemId { get; } = itemId;
    public string Text { get; } = text;
    public byte Tag { get; } = tag;
    public int TotalBytes { get; } = totalBytes;
    public int TotalMs => TotalBytes / MuLawAudio.BytesPerMs;
    public int BytesSent { get; internal set; }
    public bool Cancelled { get; internal set; }
}

/// <summary>A response.create the client sent: its instructions, conversation ("none": out of band), tool choice and metadata purpose.</summary>
public sealed record ResponseRequest(string? Instructions, string? Conversation, string? ToolChoice, string? Purpose)
{
    public bool OutOfBand => Conversation == "none";
}
