using System.Text.Json;

namespace Coordi.Voice.Tools;

/// <summary>One function the model may call during a call.</summary>
public interface IAgentTool
{
    string Name { get; }

    Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement arguments, CancellationToken cancellationToken);
}

internal static class ToolJson
{
    public static string? String(this JsonElement args, string name) =>
        args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(this JsonElement args, string name) =>
        args.ValueKind == JsonValueKind.Object && args.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    public static ToolResult Ok(object payload, Calls.CallDisposition? endWith = null) => new(JsonSerializer.Serialize(payload), true, endWith);

    public static ToolResult Fail(string error) => new(JsonSerializer.Serialize(new { ok = false, error }), false);
}
