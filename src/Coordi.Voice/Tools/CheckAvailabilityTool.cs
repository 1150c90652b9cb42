using System.Globalization;
using System.Text.Json;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Voice.Tools;

/// <summary>Free estimate slots from the core, with local start times the model reads out and books by.</summary>
public sealed class CheckAvailabilityTool(CoreClient core, TimeProvider clock) : IAgentTool
{
    public string Name => "check_availability";

    public async Task<ToolResult> RunAsync(ToolContext context, string toolCallId, JsonElement args, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrEmpty(context.Config.TimeZone) ? "UTC" : context.Config.TimeZone);
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
            return ToolJson.Ok(new
            {
                ok = true,
                time_zone = response.TimeZone,
                slots = response.Slots.Select(s => s.LocalStart).ToArray(),
                note = response.Slots.Count == 0 ? "No free slots in that range; offer a later range or a call back." : null,
            });
        }
        catch (RpcException ex) when (CoreClient.IsTransient(ex))
        {
            return ToolJson.Fail("The calendar cannot be reached right now. Offer to have the team call back to schedule.");
        }
    }

    private static DateTime LocalMidnightUtc(DateOnly date, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
