using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.FunctionalTests;

/// <summary>Wall-clock times of a business in its own time zone, turned into the instants the API speaks.</summary>
public sealed class BusinessClock(string timeZone)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, _zone));

    public DateTime Utc(DateOnly date, int hour, int minute = 0) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(hour, minute)), _zone);

    public Timestamp At(DateOnly date, int hour, int minute = 0) => Timestamp.FromDateTime(Utc(date, hour, minute));

    /// <summary>The start of a local day, as an instant.</summary>
    public Timestamp StartOf(DateOnly date) => At(date, 0);

    /// <summary>ISO 8601 with the offset in force at that moment, e.g. "2026-03-09T09:00:00-05:00".</summary>
    public string LocalIso(DateOnly date, int hour, int minute = 0)
    {
        var local = date.ToDateTime(new TimeOnly(hour, minute));
        var offset = local - Utc(date, hour, minute);
        return new DateTimeOffset(local, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}
