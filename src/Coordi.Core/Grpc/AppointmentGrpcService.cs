using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Coordi.Core.Grpc;

public sealed class AppointmentGrpcService(CoreDbContext db, AppointmentScheduler scheduler) : AppointmentService.AppointmentServiceBase
{
    [Access(AccessLevel.TenantRead)]
    public override async Task<GetAvailabilityResponse> GetAvailability(GetAvailabilityRequest request, ServerCallContext context)
    {
        var ctx = await scheduler.LoadContextAsync(context.CancellationToken);
        var slots = await scheduler.FreeSlotsAsync(
            ctx,
            Instant.FromDateTimeUtc(request.From.ToDateTime()),
            Instant.FromDateTimeUtc(request.To.ToDateTime()),
            request.MaxSlots == 0 ? 20 : request.MaxSlots,
            context.CancellationToken);

        var response = new GetAvailabilityResponse { TimeZone = ctx.Zone.Id };
        response.Slots.AddRange(slots.Select(s => new Slot
        {
            Start = s.Start.ToDateTimeUtc().ToTimestamp(),
            End = s.End.ToDateTimeUtc().ToTimestamp(),
            LocalStart = s.LocalStart.ToLocalIso(),
        }));
        return response;
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<Appointment> BookAppointment(BookAppointmentRequest request, ServerCallContext context)
    {
        var appointment = await scheduler.BookAsync(
            request.RequestId,
            Instant.FromDateTimeUtc(request.Start.ToDateTime()),
            request.LeadId.Length > 0 ? Guid.Parse(request.LeadId) : null,
            request.CallId.Length > 0 ? Guid.Parse(request.CallId) : null,
            request.Notes,
            context.GetHttpContext().User.Actor(),
            context.CancellationToken);
        return appointment.ToProto(await ZoneAsync(context.CancellationToken));
    }

    [Access(AccessLevel.TenantWrite)]
    public override async Task<Appointment> CancelAppointment(CancelAppointmentRequest request, ServerCallContext context)
    {
        var appointment = await scheduler.CancelAsync(Guid.Parse(request.Id), request.Reason, context.CancellationToken);
        return appointment.ToProto(await ZoneAsync(context.CancellationToken));
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<Appointment> GetAppointment(GetAppointmentRequest request, ServerCallContext context)
    {
        var id = Guid.Parse(request.Id);
        var appointment = await db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, context.CancellationToken)
            ?? throw new Application.Errors.NotFoundException("Appointment", request.Id);
        return appointment.ToProto(await ZoneAsync(context.CancellationToken));
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<ListAppointmentsResponse> ListAppointments(ListAppointmentsRequest request, ServerCallContext context)
    {
        var query = db.Appointments.AsNoTracking();
        if (request.Start?.Start.ToUtc() is { } from)
        {
            query = query.Where(a => a.StartsAt >= from);
        }

        if (request.Start?.End.ToUtc() is { } to)
        {
            query = query.Where(a => a.StartsAt < to);
        }

        if (request.Status != AppointmentStatus.Unspecified)
        {
            var status = (Model.AppointmentStatus)request.Status;
            query = query.Where(a => a.Status == status);
        }

        if (request.LeadId.Length > 0)
        {
            var leadId = Guid.Parse(request.LeadId);
            query = query.Where(a => a.LeadId == leadId);
        }

        var (page, next) = await query.PageAsync(a => a.StartsAt, KeysetOrder.Ascending, request.PageToken, request.PageSize, context.CancellationToken);
        var zone = await ZoneAsync(context.CancellationToken);
        var response = new ListAppointmentsResponse { NextPageToken = next };
        response.Appointments.AddRange(page.Select(a => a.ToProto(zone)));
        return response;
    }

    private async Task<DateTimeZone> ZoneAsync(CancellationToken cancellationToken) =>
        DateTimeZoneProviders.Tzdb[await db.Organizations.Where(o => o.Id == db.CurrentTenantId).Select(o => o.TimeZone).SingleAsync(cancellationToken)];
}
