using System.Globalization;

namespace Coordi.Voice.Tools;

/// <summary>
/// Reads the slot start the model passes to book_estimate. A time with an offset names one instant. A bare wall-clock
/// time is read in the business's zone, and refused in plain words when that time happens twice (clocks going back)
/// or never (clocks going forward), rather than guessing which visit the caller meant.
/// </summary>
internal static class SlotStartReader
{
    public sealed record Result(DateTimeOffset? Start, string? Error);

    public static Result Read(string? text, TimeZoneInfo zone)
    {
        const string Unreadable = "slot_start must be one of the slot times returned by check_availability.";
        if (string.IsNullOrWhiteSpace(text)
            || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            return new Result(null, Unreadable);
        }

        if (parsed.Kind != DateTimeKind.Unspecified)
        {
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset)
                ? new Result(withOffset, null)
                : new Result(null, Unreadable);
        }

        if (zone.IsInvalidTime(parsed))
        {
            return new Result(null, $"{parsed.ToString("h:mm tt", CultureInfo.InvariantCulture)} does not happen that day: the clocks go forward. Nothing was booked; offer a slot returned by check_availability.");
        }

        if (zone.IsAmbiguousTime(parsed))
        {
            var occurrences = zone.GetAmbiguousTimeOffsets(parsed)
                .OrderDescending()
                .Select(o => new DateTimeOffset(parsed, o))
                .Select(o => $"{o.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture)} = {SpokenSlotTime.Of(o, zone)}");
            return new Result(null, $"That time happens twice because the clocks go back. Nothing was booked; ask the caller which one, then book it with its exact slot: {string.Join("; ", occurrences)}.");
        }

        return new Result(new DateTimeOffset(parsed, zone.GetUtcOffset(parsed)), null);
    }
}
