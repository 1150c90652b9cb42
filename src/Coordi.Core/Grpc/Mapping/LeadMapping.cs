using Coordi.Core.Model;
using V1 = Coordi.Contracts.V1;

namespace Coordi.Core.Grpc.Mapping;

internal static class LeadMapping
{
    public static V1.Lead ToProto(this Lead l)
    {
        var m = new V1.Lead
        {
            Id = l.Id.ToProtoId(),
            Name = l.Name,
            Phone = l.Phone,
            Email = l.Email,
            Address = l.Address,
            Service = l.Service,
            Urgency = (V1.Urgency)l.Urgency,
            Notes = l.Notes,
            Status = (V1.LeadStatus)l.Status,
            CallId = l.CallId.ToProtoId(),
            Source = l.Source,
            CreatedAt = l.CreatedAt.ToTimestamp(),
            UpdatedAt = l.UpdatedAt.ToTimestamp(),
        };
        m.History.AddRange(l.History.OrderBy(h => h.ChangedAt).Select(h => new V1.LeadChange
        {
            Field = h.Field,
            OldValue = h.OldValue,
            NewValue = h.NewValue,
            ChangedBy = h.ChangedBy,
            ChangedAt = h.ChangedAt.ToTimestamp(),
        }));
        return m;
    }
}
