using System.Globalization;
using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Coordi.Voice.Tools;

/// <summary>
/// Books an estimate in a slot; a taken slot comes back with alternatives for the model to offer. Times go back to
/// the model in words as well, so a time the clocks repeat is confirmed as the first or the second one.
/// </summary>
public sealed class BookEstimateTool(CoreClient core) : IAgentTool
{
    public string Name => "book_estimate";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        var zone = BusinessZone.Of(context.Config);
        var read = SlotStartReader.Read(args.String("slot_start"), zone);
        if (read.Start is not { } start)
        {
            return ToolJson.Fail(read.Error!);
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
            return ToolJson.Ok(new
            {
                ok = true,
                booked = true,
                appointment_id = appointment.Id,
                start = appointment.LocalStart,
                spoken = SpokenSlotTime.Of(appointment.Start.ToDateTimeOffset(), zone),
            });
        }
        catch (RpcException ex) when (ex.StatusCode == global::Grpc.Core.StatusCode.AlreadyExists)
        {
            var alternatives = (ex.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Metadata.GetValueOrDefault("alternatives") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries);
            return new ToolResult(JsonSerializer.Serialize(new
            {
                ok = false,
                booked = false,
                reason = "That slot is no longer free.",
                alternatives,
                alternatives_spoken = alternatives.Select(a => Spoken(a, zone)).ToArray(),
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

    // Alternatives come from the core as local times with their offset; one that does not parse is said as written.
    private static string Spoken(string alternative, TimeZoneInfo zone) =>
        DateTimeOffset.TryParse(alternative, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) ? SpokenSlotTime.Of(start, zone) : alternative;
}
