using System.Diagnostics;
using System.Text.Json;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Voice.Outbox;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Voice.Tools;

/// <summary>Runs the tool the model asked for and records the invocation on the call (through the outbox).</summary>
public sealed class ToolDispatcher(IEnumerable<IAgentTool> tools, DurableOutbox outbox, VoiceMetrics metrics, TimeProvider clock, ILogger<ToolDispatcher> logger)
{
    private readonly Dictionary<string, IAgentTool> _tools = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, string name, string argumentsJson, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        var timer = Stopwatch.StartNew();
        ToolResult result;
        try
        {
            using var args = JsonDocument.Parse(string.IsNullOrWhiteSpace(argumentsJson) ? "{}" : argumentsJson);
            result = _tools.TryGetValue(name, out var tool)
                ? await tool.RunAsync(context, toolCallId, args.RootElement.Clone(), cancellationToken)
                : ToolJson.Fail($"There is no tool named {name}.");
        }
        catch (JsonException)
        {
            result = ToolJson.Fail("The arguments were not valid JSON.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Tool {Tool} failed", name);
            result = ToolJson.Fail("Something went wrong. Apologise and offer a call back.");
        }

        // Only known names become a metric label: the model may invent any name, which must not grow the series.
        metrics.ToolCompleted(_tools.ContainsKey(name) ? name : "unknown", result.Succeeded, timer.Elapsed);
        var record = new RecordToolInvocationRequest
        {
            CallId = context.Call.CallId,
            // The model's words are recorded as said, minus what the core cannot store: a control character would
            // only get the record refused and parked.
            ToolCallId = TextRules.StripControlCharacters(toolCallId),
            Name = TextRules.StripControlCharacters(name.Length > 64 ? name[..64] : name),
            ArgumentsJson = IsJsonObject(argumentsJson) ? TextRules.JsonWithoutNul(argumentsJson) : "{}",
            ResultJson = TextRules.JsonWithoutNul(result.OutputJson),
            Status = result.Succeeded ? ToolInvocationStatus.Succeeded : ToolInvocationStatus.Failed,
            StartedAt = Timestamp.FromDateTimeOffset(startedAt),
            DurationMs = (int)timer.ElapsedMilliseconds,
        };
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.RecordToolInvocation, context.Call.TenantId, JsonFormatter.Default.Format(record)), CancellationToken.None);
        return result;
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
