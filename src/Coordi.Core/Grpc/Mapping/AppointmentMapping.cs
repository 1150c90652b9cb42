using Coordi.Core.Model;
using NodaTime;
using NodaTime.Text;
using V1 = Coordi.Contracts.V1;

namespace Coordi.Core.Grpc.Mapping;

internal static class AppointmentMapping
{
    private static readonly OffsetDateTimePattern LocalPattern = OffsetDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'sso<m>");

    public static string ToLocalIso(this ZonedDateTime local) => LocalPattern.Format(local.ToOffsetDateTime());

    public static string ToLocalIso(this DateTime utc, DateTimeZone zone) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone).ToLocalIso();

    public static V1.Appointment ToProto(this Appointment a, DateTimeZone zone) => new()
    {
        Id = a.Id.ToProtoId(),
        LeadId = a.LeadId.ToProtoId(),
        CallId = a.CallId.ToProtoId(),
        Start = a.StartsAt.ToTimestamp(),
        End = a.EndsAt.ToTimestamp(),
        LocalStart = a.StartsAt.ToLocalIso(zone),
        Status = (V1.AppointmentStatus)a.Status,
        Notes = a.Notes,
        CreatedAt = a.CreatedAt.ToTimestamp(),
        CancelReason = a.CancelReason,
    };
}
