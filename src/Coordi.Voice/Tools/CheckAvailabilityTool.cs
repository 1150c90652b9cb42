using System.Globalization;
using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Voice.Tools;

/// <summary>
/// Free estimate slots from the core: local start times with their offset, which the model books by unchanged, and
/// the same times in words, which it says to the caller.
/// </summary>
public sealed class CheckAvailabilityTool(CoreClient core, TimeProvider clock) : IAgentTool
{
    public string Name => "check_availability";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        var zone = BusinessZone.Of(context.Config);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone).DateTime);
        var fromDate = DateOnly.TryParseExact(args.String("from_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d >= today ? d : today;
        var days = Math.Clamp(args.Int("days") ?? 3, 1, 14);

        var from = LocalMidnightUtc(fromDate, zone);
        var to = LocalMidnightUtc(fromDate.AddDays(days), zone);
        try
        {
            var response = await core.Appointments.GetAvailabilityAsync(
                new GetAvailabilityRequest { From = Timestamp.FromDateTime(from), To = Timestamp.FromDateTime(to), MaxSlots = 8 },
                core.For(context.Call.TenantId, TimeSpan.FromSeconds(3), cancellationToken));
            var starts = response.Slots.Select(s => s.Start.ToDateTimeOffset()).ToList();
            return ToolJson.Ok(new
            {
                ok = true,
                time_zone = response.TimeZone,
                slots = response.Slots.Select(s => s.LocalStart).ToArray(),
                spoken = starts.Select(s => SpokenSlotTime.Of(s, zone)).ToArray(),
                note = Note(starts, zone),
            });
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            return ToolJson.Fail("The calendar cannot be reached right now. Offer to have the team call back to schedule.");
        }
    }

    private static string? Note(IReadOnlyList<DateTimeOffset> starts, TimeZoneInfo zone)
    {
        if (starts.Count == 0)
        {
            return "No free slots in that range; offer a later range or a call back.";
        }

        return starts.Any(s => SpokenSlotTime.IsRepeated(s, zone))
            ? "The clocks go back in this range, so some times happen twice. Say each time as written in spoken, including first time or second time, and book with the matching entry of slots unchanged."
            : null;
    }

    private static DateTime LocalMidnightUtc(DateOnly date, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
