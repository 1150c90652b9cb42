using System.Text.Json;
using Coordi.Contracts.V1;

namespace Coordi.Voice.Realtime;

/// <summary>Writes the GA Realtime events the bridge sends besides audio.</summary>
public static class RealtimeSessionSettings
{
    /// <summary>session.update from the core's agent config: pcmu both ways, server VAD, transcription, tools.</summary>
    public static void WriteSessionUpdate(Utf8JsonWriter w, AgentConfig config)
    {
        w.WriteStartObject();
        w.WriteString("type", "session.update");
        w.WriteStartObject("session");
        w.WriteString("type", "realtime");
        w.WriteString("instructions", config.SystemPrompt);
        w.WriteStartArray("output_modalities");
        w.WriteStringValue("audio");
        w.WriteEndArray();

        w.WriteStartObject("audio");
        w.WriteStartObject("input");
        w.WriteStartObject("format");
        w.WriteString("type", "audio/pcmu");
        w.WriteEndObject();
        w.WriteStartObject("transcription");
        w.WriteString("model", "gpt-4o-mini-transcribe");
        w.WriteEndObject();
        w.WriteStartObject("turn_detection");
        w.WriteString("type", "server_vad");
        w.WriteNumber("threshold", 0.5);
        w.WriteNumber("prefix_padding_ms", 300);
        w.WriteNumber("silence_duration_ms", 500);
        w.WriteBoolean("create_response", true);
        w.WriteBoolean("interrupt_response", true);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartObject("output");
        w.WriteStartObject("format");
        w.WriteString("type", "audio/pcmu");
        w.WriteEndObject();
        w.WriteString("voice", string.IsNullOrEmpty(config.Agent?.Voice) ? "alloy" : config.Agent.Voice);
        w.WriteNumber("speed", Speed(config.Agent?.Pace ?? 50));
        w.WriteEndObject();
        w.WriteEndObject();

        w.WriteStartArray("tools");
        foreach (var tool in config.Tools)
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteString("name", tool.Name);
            w.WriteString("description", tool.Description);
            w.WritePropertyName("parameters");
            w.WriteRawValue(tool.ParametersJsonSchema);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteString("tool_choice", "auto");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Asks the model to speak first (the greeting), or to say something specific now.</summary>
    public static void WriteResponseCreate(Utf8JsonWriter w, string? instructions)
    {
        w.WriteStartObject();
        w.WriteString("type", "response.create");
        if (instructions is not null)
        {
            w.WriteStartObject("response");
            w.WriteString("instructions", instructions);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>The agent's last words when the edge ends the call: no tool may be called, the call is ending.</summary>
    public static void WriteClosingResponse(Utf8JsonWriter w, string instructions)
    {
        w.WriteStartObject();
        w.WriteString("type", "response.create");
        w.WriteStartObject("response");
        w.WriteString("instructions", instructions);
        w.WriteString("tool_choice", "none");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteResponseCancel(Utf8JsonWriter w)
    {
        w.WriteStartObject();
        w.WriteString("type", "response.cancel");
        w.WriteEndObject();
    }

    /// <summary>Cancels one response by id (e.g. an out-of-band response that is no longer wanted).</summary>
    public static void WriteResponseCancel(Utf8JsonWriter w, string responseId)
    {
        w.WriteStartObject();
        w.WriteString("type", "response.cancel");
        w.WriteString("response_id", responseId);
        w.WriteEndObject();
    }

    /// <summary>
    /// An out-of-band response: spoken to the caller but kept out of the conversation (conversation "none"), so
    /// it neither answers a pending function call nor stays in the model's memory. It sees the conversation as
    /// context, may call no tool, and carries <paramref name="purpose"/> in its metadata so its events can be
    /// told apart from the conversation's own.
    /// </summary>
    public static void WriteOutOfBandResponse(Utf8JsonWriter w, string instructions, string purpose)
    {
        w.WriteStartObject();
        w.WriteString("type", "response.create");
        w.WriteStartObject("response");
        w.WriteString("conversation", "none");
        w.WriteString("instructions", instructions);
        w.WriteStartArray("output_modalities");
        w.WriteStringValue("audio");
        w.WriteEndArray();
        w.WriteString("tool_choice", "none");
        w.WriteStartObject("metadata");
        w.WriteString("purpose", purpose);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Cuts the assistant's audio item at what the caller actually heard, so the model's memory matches the call.</summary>
    public static void WriteTruncate(Utf8JsonWriter w, string itemId, long audioEndMs)
    {
        w.WriteStartObject();
        w.WriteString("type", "conversation.item.truncate");
        w.WriteString("item_id", itemId);
        w.WriteNumber("content_index", 0);
        w.WriteNumber("audio_end_ms", audioEndMs);
        w.WriteEndObject();
    }

    /// <summary>A user message with text only (e.g. a keypad digit), added to the conversation without a reply.</summary>
    public static void WriteUserText(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "conversation.item.create");
        w.WriteStartObject("item");
        w.WriteString("type", "message");
        w.WriteString("role", "user");
        w.WriteStartArray("content");
        w.WriteStartObject();
        w.WriteString("type", "input_text");
        w.WriteString("text", text);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteFunctionOutput(Utf8JsonWriter w, string callId, string outputJson)
    {
        w.WriteStartObject();
        w.WriteString("type", "conversation.item.create");
        w.WriteStartObject("item");
        w.WriteString("type", "function_call_output");
        w.WriteString("call_id", callId);
        w.WriteString("output", outputJson);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The pace slider maps to the Realtime output speed, 0.85 (slow) to 1.15 (quick).</summary>
    public static double Speed(int pace) => Math.Round(0.85 + (Math.Clamp(pace, 0, 100) * 0.003), 2);
}
