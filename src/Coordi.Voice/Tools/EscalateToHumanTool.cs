using System.Text.Json;
using Coordi.Voice.Calls;

namespace Coordi.Voice.Tools;

/// <summary>Hands the call to the business's people: the stream closes and the Connect action dials them in order.</summary>
public sealed class EscalateToHumanTool : IAgentTool
{
    public string Name => "escalate_to_human";

    public Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        if (context.Config.Business?.EscalationContacts.Count is null or 0 || context.Config.Agent?.EscalationPolicy == Contracts.V1.EscalationPolicy.Never)
        {
            return Task.FromResult(ToolJson.Fail("Nobody is available to take the call. Take a message as a lead and promise a call back."));
        }

        context.Escalated = true;
        context.Call.DispositionReason = args.String("reason");
        return Task.FromResult(ToolJson.Ok(new { ok = true, transferring = true, say = "Tell the caller you are connecting them now." }, CallDisposition.Escalate));
    }
}
