using System.Globalization;
using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Coordi.Voice.Tools;

/// <summary>Books an estimate in a slot; a taken slot comes back with alternatives for the model to offer.</summary>
public sealed class BookEstimateTool(CoreClient core) : IAgentTool
{
    public string Name => "book_estimate";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        if (!DateTimeOffset.TryParse(args.String("slot_start"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return ToolJson.Fail("slot_start must be one of the slot times returned by check_availability.");
        }

        var request = new BookAppointmentRequest
        {
            RequestId = $"{context.Call.CallId}:{toolCallId}",
            Start = Timestamp.FromDateTimeOffset(start),
            CallId = context.Call.CallId,
            LeadId = context.LeadId ?? "",
            Notes = args.String("notes") ?? "",
        };
        try
        {
            var appointment = await core.Appointments.BookAppointmentAsync(request, core.For(context.Call.TenantId, TimeSpan.FromSeconds(3), cancellationToken));
            context.Booked = true;
            return ToolJson.Ok(new { ok = true, booked = true, appointment_id = appointment.Id, start = appointment.LocalStart });
        }
        catch (RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.AlreadyExists)
        {
            var alternatives = ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata.GetValueOrDefault("alternatives") ?? "";
            return new ToolResult(JsonSerializer.Serialize(new
            {
                ok = false,
                booked = false,
                reason = "That slot is no longer free.",
                alternatives = alternatives.Split(',', StringSplitOptions.RemoveEmptyEntries),
            }), false);
        }
        catch (RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.InvalidArgument)
        {
            return ToolJson.Fail("That time cannot be booked: " + ex.Status.Detail);
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            return ToolJson.Fail("The calendar cannot be reached right now. Tell the caller the team will call back to confirm a time.");
        }
    }
}
