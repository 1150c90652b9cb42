using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NodaTime;
using NodaTime.Text;

namespace Coordi.Portal.Display;

/// <summary>
/// Times shown and entered in the organization's own time zone: a business in Chicago sees Chicago times,
/// whatever the server's clock says.
/// </summary>
public sealed class OrganizationTime(string timeZoneId, IClock clock)
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;

    private readonly DateTimeZone _zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZoneId) ?? DateTimeZone.Utc;

    public string TimeZoneId => _zone.Id;

    public LocalDate Today => clock.GetCurrentInstant().InZone(_zone).Date;

    public string Format(Timestamp? timestamp, string pattern = "MMM d, yyyy h:mm tt") =>
        timestamp is null || timestamp.Seconds == 0 && timestamp.Nanos == 0
            ? ""
            : Instant.FromDateTimeOffset(timestamp.ToDateTimeOffset()).InZone(_zone).ToString(pattern, CultureInfo.InvariantCulture);

    /// <summary>The first instant of a local date, as the core's half-open ranges need.</summary>
    public Timestamp StartOf(LocalDate date) => Timestamp.FromDateTimeOffset(_zone.AtStartOfDay(date).ToDateTimeOffset());

    public static LocalDate? ParseDate(string? value) =>
        value is { Length: > 0 } && DatePattern.Parse(value) is { Success: true } result ? result.Value : null;

    public static string FormatDate(LocalDate date) => DatePattern.Format(date);
}
