using Coordi.Contracts.V1;

namespace Coordi.Voice.Tools;

/// <summary>The business's time zone, in which slot times are read and said.</summary>
internal static class BusinessZone
{
    // The core only stores IANA ids it knows; UTC covers an agent configuration from before the zone was set.
    public static TimeZoneInfo Of(AgentConfig config) =>
        TimeZoneInfo.FindSystemTimeZoneById(string.IsNullOrEmpty(config.TimeZone) ? "UTC" : config.TimeZone);
}
