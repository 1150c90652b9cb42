using System.Text.Json;
using Coordi.Voice.Calls;

namespace Coordi.Voice.Tools;

/// <summary>Ends the call once the agent's goodbye has played.</summary>
public sealed class EndCallTool : IAgentTool
{
    public string Name => "end_call";

    public Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken) =>
        Task.FromResult(ToolJson.Ok(new { ok = true, ending = true }, CallDisposition.Hangup));
}
