using System.Globalization;

namespace Coordi.Voice.Tools;

/// <summary>
/// A slot start in the words the agent says to the caller. On the day the clocks go back a wall-clock time
/// happens twice, so such a time says which occurrence it is; otherwise "1:30 AM" would name two different visits.
/// </summary>
internal static class SpokenSlotTime
{
    public static string Of(DateTimeOffset start, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(start, zone);
        var words = local.ToString("dddd, MMMM d 'at' h:mm tt", CultureInfo.InvariantCulture);
        return zone.IsAmbiguousTime(local) ? $"{words} ({Occurrence(local, zone)})" : words;
    }

    /// <summary>Whether the time is said with "first time" or "second time" because the clocks go back that day.</summary>
    public static bool IsRepeated(DateTimeOffset start, TimeZoneInfo zone) => zone.IsAmbiguousTime(TimeZoneInfo.ConvertTime(start, zone));

    private static string Occurrence(DateTimeOffset local, TimeZoneInfo zone)
    {
        var offsets = zone.GetAmbiguousTimeOffsets(local);
        // Clocks going back lower the offset, so the first occurrence is the one with the larger offset.
        var first = local.Offset == offsets.Max();
        var clock = ClockName(local, zone, offsets);
        return first ? $"first time, {clock}" : $"second time, {clock}, after the clocks go back";
    }

    private static string ClockName(DateTimeOffset local, TimeZoneInfo zone, TimeSpan[] offsets)
    {
        var daylight = offsets.Select(o => zone.IsDaylightSavingTime(new DateTimeOffset(local.DateTime, o))).Distinct().Count() == 2;
        if (daylight)
        {
            return zone.IsDaylightSavingTime(local) ? "daylight time" : "standard time";
        }

        // A repeat that is not a daylight-saving change (the zone moved its standard offset): name the offset.
        return "UTC" + local.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
