using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.Grpc.Mapping;

internal static class CommonMapping
{
    public static Timestamp ToTimestamp(this DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static Timestamp? ToTimestamp(this DateTime? utc) => utc?.ToTimestamp();

    public static DateTime? ToUtc(this Timestamp? timestamp) => timestamp?.ToDateTime();

    public static string ToProtoId(this Guid id) => id.ToString("D");

    public static string ToProtoId(this Guid? id) => id?.ToString("D") ?? "";
}
