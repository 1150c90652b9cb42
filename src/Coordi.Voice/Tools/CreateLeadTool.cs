using System.Text.Json;
using Coordi.Contracts.Rules;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Coordi.Voice.Outbox;
using Google.Protobuf;
using Grpc.Core;

namespace Coordi.Voice.Tools;

/// <summary>
/// Saves the caller as a lead. The lead is checked with the core's own rules first, so the caller is only told
/// "saved" for a lead the core will take; anything wrong goes back to the model as what to ask again. Idempotent
/// per call and tool call id, so a retried tool call never makes a second lead; when the core is unreachable the
/// lead goes to the durable outbox and arrives later.
/// </summary>
public sealed class CreateLeadTool(CoreClient core, DurableOutbox outbox, ILogger<CreateLeadTool> logger) : IAgentTool
{
    private static readonly CreateLeadRequestValidator Rules = new();

    public string Name => "create_lead";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        var heardPhone = Plain(args.String("phone"));
        var phone = heardPhone.Length > 0 ? PhoneNumberRules.ToE164(heardPhone) : PhoneNumberRules.ToE164(context.Call.From);
        if (phone is null)
        {
            return ToolJson.Fail(heardPhone.Length > 0
                ? $"The phone number {heardPhone} is not a valid number. Nothing was saved; ask the caller to repeat it, with the area code."
                : "A callback number is needed. Nothing was saved; ask the caller for it, with the area code.");
        }

        var name = Plain(args.String("name"));
        if (name.Length == 0)
        {
            return ToolJson.Fail("The caller's name is needed. Nothing was saved; ask the caller for their name.");
        }

        var request = new CreateLeadRequest
        {
            RequestId = $"{context.Call.CallId}:{toolCallId}",
            CallId = context.Call.CallId,
            Name = name,
            Phone = phone,
            // Control characters (a NUL from the model) are never what the caller said: dropped, not stored.
            Email = Plain(args.String("email")),
            Address = Plain(args.String("address")),
            Service = Plain(args.String("service")),
            Notes = Plain(args.String("notes")),
            Urgency = args.String("urgency") switch
            {
                "low" => Urgency.Low,
                "high" => Urgency.High,
                "emergency" => Urgency.Emergency,
                _ => Urgency.Normal,
            },
        };

        var check = Rules.Validate(request);
        if (!check.IsValid)
        {
            logger.LogInformation("Lead on call {CallId} for tenant {TenantId} not valid ({Fields}); the caller is asked again",
                context.Call.CallId, context.Call.TenantId, string.Join(", ", check.Errors.Select(e => e.PropertyName)));
            return ToolJson.Fail("Nothing was saved. " + string.Join(" ", check.Errors.Select(e => e.ErrorMessage)) + " Ask the caller to repeat these details.");
        }

        try
        {
            var lead = await core.Leads.CreateLeadAsync(request, core.For(context.Call.TenantId, TimeSpan.FromSeconds(2), cancellationToken));
            context.LeadId = lead.Id;
            return ToolJson.Ok(new { ok = true, lead_id = lead.Id, saved = true });
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
        {
            return ToolJson.Fail("Nothing was saved. Some details were not valid: " + ex.Status.Detail + " Ask the caller to repeat them.");
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            // The caller's details must survive a core outage: keep them on disk until the core takes them.
            logger.LogWarning("Core did not take the lead on call {CallId} for tenant {TenantId} ({Status}); queued in the outbox",
                context.Call.CallId, context.Call.TenantId, ex.StatusCode);
            await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.CreateLead, context.Call.TenantId, JsonFormatter.Default.Format(request)), CancellationToken.None);
            context.LeadQueued = true;
            return ToolJson.Ok(new { ok = true, saved = true, note = "Details saved; the team will follow up." });
        }
    }

    private static string Plain(string? value) => value is null ? "" : TextRules.StripControlCharacters(value).Trim();
}
