using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Coordi.Voice.Outbox;
using Google.Protobuf;
using Grpc.Core;

namespace Coordi.Voice.Tools;

/// <summary>
/// Saves the caller as a lead. Idempotent per call and tool call id, so a retried tool call never makes a
/// second lead; when the core is unreachable the lead goes to the durable outbox and arrives later.
/// </summary>
public sealed class CreateLeadTool(CoreClient core, DurableOutbox outbox, ILogger<CreateLeadTool> logger) : IAgentTool
{
    public string Name => "create_lead";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        var phone = PhoneNumberText.ToE164(args.String("phone")) ?? PhoneNumberText.ToE164(context.Call.From);
        var name = args.String("name");
        if (string.IsNullOrWhiteSpace(name) || phone is null)
        {
            return ToolJson.Fail("A name and a valid callback number are needed. Ask the caller again.");
        }

        var request = new CreateLeadRequest
        {
            RequestId = $"{context.Call.CallId}:{toolCallId}",
            CallId = context.Call.CallId,
            Name = name.Trim(),
            Phone = phone,
            Email = args.String("email")?.Trim() ?? "",
            Address = args.String("address")?.Trim() ?? "",
            Service = args.String("service")?.Trim() ?? "",
            Notes = args.String("notes")?.Trim() ?? "",
            Urgency = args.String("urgency") switch
            {
                "low" => Urgency.Low,
                "high" => Urgency.High,
                "emergency" => Urgency.Emergency,
                _ => Urgency.Normal,
            },
        };

        try
        {
            var lead = await core.Leads.CreateLeadAsync(request, core.For(context.Call.TenantId, TimeSpan.FromSeconds(2), cancellationToken));
            context.LeadId = lead.Id;
            return ToolJson.Ok(new { ok = true, lead_id = lead.Id, saved = true });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            return ToolJson.Fail("Some details were not valid: " + ex.Status.Detail + " Ask the caller to repeat them.");
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            // The caller's details must survive a core outage: keep them on disk until the core takes them.
            logger.LogWarning("Core unavailable while saving a lead ({Status}); queued in the outbox", ex.StatusCode);
            await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, context.Call.TenantId, JsonFormatter.Default.Format(request)), CancellationToken.None);
            context.LeadQueued = true;
            return ToolJson.Ok(new { ok = true, saved = true, note = "Details saved; the team will follow up." });
        }
    }
}
