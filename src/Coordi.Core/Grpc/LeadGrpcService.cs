using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Application.Errors;
using Coordi.Core.Events;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Grpc;

public sealed class LeadGrpcService(CoreDbContext db, TimeProvider clock, EventOutbox events) : LeadService.LeadServiceBase
{
    [Access(AccessLevel.TenantWrite)]
    public override async Task<Lead> CreateLead(CreateLeadRequest request, ServerCallContext context)
    {
        if (await FindByRequestIdAsync(request.RequestId, context.CancellationToken) is { } existing)
        {
            return await WithAppointmentsAsync(existing, context.CancellationToken);
        }

        Guid? callId = null;
        if (request.CallId.Length > 0)
        {
            var id = Guid.Parse(request.CallId);
            callId = await db.Calls.AnyAsync(c => c.Id == id, context.CancellationToken) ? id : throw new NotFoundException("Call", request.CallId);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var lead = new Model.Lead
        {
            Id = Guid.CreateVersion7(),
            RequestId = request.RequestId,
            Name = request.Name.Trim(),
            Phone = request.Phone,
            Email = request.Email.Trim(),
            Address = request.Address.Trim(),
            Service = request.Service.Trim(),
            Urgency = request.Urgency == Urgency.Unspecified ? Model.Urgency.Normal : (Model.Urgency)request.Urgency,
            Notes = request.Notes.Trim(),
            CallId = callId,
            Source = context.GetHttpContext().User.IsPartner() ? "partner" : callId is null ? "portal" : "call",
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Leads.Add(lead);
        events.Add(EventTypes.LeadCreated, lead.Id, lead.ToProto());
        try
        {
            await events.SaveChangesAsync(context.CancellationToken);
            return lead.ToProto();
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // A retry raced the first attempt: both answer with the one lead that was stored.
            db.ChangeTracker.Clear();
            var winner = await FindByRequestIdAsync(request.RequestId, context.CancellationToken)
                ?? throw new InvalidOperationException("Lead creation lost a race but no winner was found.", ex);
            return await WithAppointmentsAsync(winner, context.CancellationToken);
        }
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<Lead> GetLead(GetLeadRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.Id);
        var lead = await db.Leads.AsNoTracking().Include(l => l.History).SingleOrDefaultAsync(l => l.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Lead", request.Id);
        return await WithAppointmentsAsync(lead, context.CancellationToken);
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListLeadsResponse> ListLeads(ListLeadsRequest request, ServerCallContext context)
    {
        var query = db.Leads.AsNoTracking();
        if (request.Created?.Start.ToUtc() is { } from)
        {
            query = query.Where(l => l.CreatedAt >= from);
        }

        if (request.Created?.End.ToUtc() is { } to)
        {
            query = query.Where(l => l.CreatedAt < to);
        }

        if (request.Status != LeadStatus.Unspecified)
        {
            var status = (Model.LeadStatus)request.Status;
            query = query.Where(l => l.Status == status);
        }

        if (request.CallId.Length > 0)
        {
            var callId = Guid.Parse(request.CallId);
            query = query.Where(l => l.CallId == callId);
        }

        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var p = Like.Contains(request.Text);
            query = query.Where(l => EF.Functions.ILike(l.Name, p, Like.Escape) || EF.Functions.ILike(l.Phone, p, Like.Escape)
                || EF.Functions.ILike(l.Email, p, Like.Escape) || EF.Functions.ILike(l.Address, p, Like.Escape)
                || EF.Functions.ILike(l.Service, p, Like.Escape) || EF.Functions.ILike(l.Notes, p, Like.Escape));
        }

        var (page, next) = await query.PageAsync(l => l.CreatedAt, KeysetOrder.Descending, request.PageToken, request.PageSize, context.CancellationToken);
        var response = new ListLeadsResponse { NextPageToken = next };
        response.Leads.AddRange(page.Select(l => l.ToProto()));
        return response;
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<Lead> UpdateLead(UpdateLeadRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.Id);
        var lead = await db.Leads.Include(l => l.History).SingleOrDefaultAsync(l => l.Id == id, context.CancellationToken)
            ?? throw new NotFoundException("Lead", request.Id);

        var user = context.GetHttpContext().User;
        var actor = user.IsPartner() || request.ChangedBy.Length == 0 ? user.Actor() : request.ChangedBy;
        var now = clock.GetUtcNow().UtcDateTime;
        var values = request.Lead;
        var changes = new List<LeadChange>();
        foreach (var field in request.UpdateMask.Distinct())
        {
            var (oldValue, newValue) = field switch
            {
                "name" => Set(lead.Name, values.Name.Trim(), v => lead.Name = v),
                "phone" => Set(lead.Phone, values.Phone, v => lead.Phone = v),
                "email" => Set(lead.Email, values.Email.Trim(), v => lead.Email = v),
                "address" => Set(lead.Address, values.Address.Trim(), v => lead.Address = v),
                "service" => Set(lead.Service, values.Service.Trim(), v => lead.Service = v),
                "notes" => Set(lead.Notes, values.Notes.Trim(), v => lead.Notes = v),
                "urgency" => SetEnum(lead.Urgency, (Model.Urgency)values.Urgency, v => lead.Urgency = v),
                "status" => SetEnum(lead.Status, (Model.LeadStatus)values.Status, v => lead.Status = v),
                _ => throw RequestValidationException.For("update_mask", $"'{field}' cannot be updated."),
            };
            if (oldValue != newValue)
            {
                // Added through the set, not the loaded collection: a change found only in the collection with its
                // id already set is taken for an existing row and updated, not inserted.
                var change = new Model.LeadChange
                {
                    Id = Guid.CreateVersion7(),
                    LeadId = lead.Id,
                    Field = field,
                    OldValue = oldValue,
                    NewValue = newValue,
                    ChangedBy = actor,
                    ChangedAt = now,
                };
                db.LeadChanges.Add(change);
                changes.Add(new LeadChange { Field = field, OldValue = oldValue, NewValue = newValue, ChangedBy = actor, ChangedAt = now.ToTimestamp() });
                lead.UpdatedAt = now;
            }
        }

        if (changes.Count > 0)
        {
            // The event's history holds the changes this update made, not the whole history.
            var updated = lead.ToProto();
            updated.History.Clear();
            updated.History.AddRange(changes);
            events.Add(EventTypes.LeadUpdated, lead.Id, updated);
        }

        await events.SaveChangesAsync(context.CancellationToken);
        return await WithAppointmentsAsync(lead, context.CancellationToken);
    }

    private static (string Old, string New) Set(string old, string value, Action<string> apply)
    {
        apply(value);
        return (old, value);
    }

    private static (string Old, string New) SetEnum<T>(T old, T value, Action<T> apply)
        where T : struct, Enum
    {
        apply(value);
        return (old.ToString().ToLowerInvariant(), value.ToString().ToLowerInvariant());
    }

    private Task<Model.Lead?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken) =>
        db.Leads.AsNoTracking().Include(l => l.History).SingleOrDefaultAsync(l => l.RequestId == requestId, cancellationToken);

    private async Task<Lead> WithAppointmentsAsync(Model.Lead lead, CancellationToken cancellationToken)
    {
        var message = lead.ToProto();
        var ids = await db.Appointments.Where(a => a.LeadId == lead.Id).OrderBy(a => a.StartsAt).Select(a => a.Id).ToListAsync(cancellationToken);
        message.AppointmentIds.AddRange(ids.Select(i => i.ToProtoId()));
        return message;
    }
}
