using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.Grpc.Mapping;

internal static class CommonMapping
{
    // PostgreSQL keeps microseconds: a value is sent at that precision, so an answer from memory (a create)
    // equals the same record read back later and can serve as a range bound that includes it.
    public static Timestamp ToTimestamp(this DateTime utc) =>
        Timestamp.FromDateTime(new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), DateTimeKind.Utc));

    public static Timestamp? ToTimestamp(this DateTime? utc) => utc?.ToTimestamp();

    public static DateTime? ToUtc(this Timestamp? timestamp) => timestamp?.ToDateTime();

    public static string ToProtoId(this Guid id) => id.ToString("D");

    public static string ToProtoId(this Guid? id) => id?.ToString("D") ?? "";
}
