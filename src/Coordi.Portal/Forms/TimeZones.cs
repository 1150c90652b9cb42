using NodaTime;

namespace Coordi.Portal.Forms;

/// <summary>IANA time zones offered in forms: the canonical zones of the tz database, common ones first.</summary>
public static class TimeZones
{
    public static readonly string[] Common =
        ["America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu"];

    public static readonly string[] All = DateTimeZoneProviders.Tzdb.Ids
        .Where(id => id.Contains('/') && !id.StartsWith("Etc/", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToArray();

    public static bool IsKnown(string? id) => id is not null && DateTimeZoneProviders.Tzdb.GetZoneOrNull(id) is not null;
}
