using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Model;
using Google.Protobuf;
using V1 = Coordi.Contracts.V1;

namespace Coordi.Core.Events;

internal static class EventMapping
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Webhook bodies: the proto JSON of the Event, with the field names of the .proto.</summary>
    internal static readonly JsonFormatter BodyFormatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    public static V1.ChangeEvent ToProto(this StoredEvent e)
    {
        var message = new V1.ChangeEvent
        {
            Id = e.Id.ToProtoId(),
            Cursor = e.Sequence,
            Type = e.Type,
            OccurredAt = e.OccurredAt.ToTimestamp(),
            OrganizationId = e.TenantId.ToProtoId(),
        };
        switch (e.Type.Split('.')[0])
        {
            case "call":
                message.Call = Parser.Parse<V1.Call>(e.Payload);
                break;
            case "lead":
                message.Lead = Parser.Parse<V1.Lead>(e.Payload);
                break;
            case "appointment":
                message.Appointment = Parser.Parse<V1.Appointment>(e.Payload);
                break;
        }

        return message;
    }
}
