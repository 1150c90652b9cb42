using Coordi.Core.Application.Errors;
using Coordi.Core.Events;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using Npgsql;

namespace Coordi.Core.Application;

/// <summary>
/// Availability and booking of estimate visits. Double booking is refused by the database's exclusion
/// constraint, not by a check before the insert, so two simultaneous bookings cannot both succeed.
/// </summary>
public sealed class AppointmentScheduler(CoreDbContext db, TimeProvider clock, EventOutbox events)
{
    public sealed record Context(DateTimeZone Zone, BusinessProfile Business);

    public async Task<Context> LoadContextAsync(CancellationToken cancellationToken)
    {
        var timeZone = await db.Organizations.Where(o => o.Id == db.CurrentTenantId).Select(o => o.TimeZone).SingleAsync(cancellationToken);
        var business = await db.BusinessProfiles.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new BusinessProfile();
        return new Context(DateTimeZoneProviders.Tzdb[timeZone], business);
    }

    public async Task<IReadOnlyList<AvailabilityCalculator.Slot>> FreeSlotsAsync(Context ctx, Instant from, Instant to, int maxSlots, CancellationToken cancellationToken)
    {
        var fromUtc = from.Minus(Duration.FromDays(1)).ToDateTimeUtc();
        var toUtc = to.Plus(Duration.FromDays(1)).ToDateTimeUtc();
        // Whole local days around the range, so the daily cap counts bookings outside [from, to) too.
        var bookings = await db.Appointments.AsNoTracking()
            .Where(a => a.Status == AppointmentStatus.Booked && a.StartsAt < toUtc && a.EndsAt > fromUtc)
            .Select(a => new { a.StartsAt, a.EndsAt })
            .ToListAsync(cancellationToken);

        return AvailabilityCalculator.FreeSlots(new AvailabilityCalculator.Request(
            ctx.Zone,
            ctx.Business.WeeklyHours,
            ctx.Business.BookingRules,
            clock.GetUtcNow().ToInstant(),
            from,
            to,
            bookings.Select(b => new AvailabilityCalculator.Booking(Utc(b.StartsAt), Utc(b.EndsAt))).ToList(),
            maxSlots));
    }

    public async Task<Appointment> BookAsync(string requestId, Instant start, Guid? leadId, Guid? callId, string notes, string actor, CancellationToken cancellationToken)
    {
        if (await FindByRequestIdAsync(requestId, cancellationToken) is { } done)
        {
            return done;
        }

        var ctx = await LoadContextAsync(cancellationToken);
        var slot = AvailabilityCalculator.CandidateSlots(ctx.Zone, ctx.Business.WeeklyHours, ctx.Business.BookingRules, start, start + Duration.FromMinutes(1))
            .FirstOrDefault(s => s.Start == start)
            ?? throw RequestValidationException.For("start", $"is not a bookable slot: it must be within business hours and start on a {ctx.Business.BookingRules.SlotMinutes}-minute boundary.");
        if (start < clock.GetUtcNow().ToInstant() + Duration.FromMinutes(ctx.Business.BookingRules.LeadTimeMinutes))
        {
            throw RequestValidationException.For("start", $"is too soon: bookings need {ctx.Business.BookingRules.LeadTimeMinutes} minutes' notice.");
        }

        await RequireAsync(leadId, callId, cancellationToken);

        var appointment = new Appointment
        {
            Id = Guid.CreateVersion7(),
            RequestId = requestId,
            LeadId = leadId,
            CallId = callId,
            StartsAt = slot.Start.ToDateTimeUtc(),
            EndsAt = slot.End.ToDateTimeUtc(),
            Notes = notes.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await EnforceDailyCapAsync(ctx, slot, cancellationToken);
            db.Appointments.Add(appointment);
            events.Add(EventTypes.AppointmentBooked, appointment.Id, appointment.ToProto(ctx.Zone));
            await MarkLeadBookedAsync(leadId, actor, cancellationToken);
            await events.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return appointment;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.ExclusionViolation })
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            throw await SlotTakenAsync(ctx, start, "SLOT_TAKEN", "That time was just booked.", cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // The same request id committed first on another connection: that is this booking.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await FindByRequestIdAsync(requestId, cancellationToken) ?? throw new InvalidOperationException("Booking lost a race but no winner was found.", ex);
        }
    }

    public async Task<Appointment> CancelAsync(Guid id, string reason, CancellationToken cancellationToken)
    {
        var appointment = await db.Appointments.SingleOrDefaultAsync(a => a.Id == id, cancellationToken)
            ?? throw new NotFoundException("Appointment", id.ToString("D"));
        if (appointment.Status != AppointmentStatus.Cancelled)
        {
            appointment.Status = AppointmentStatus.Cancelled;
            appointment.CancelReason = reason.Trim();
            var timeZone = await db.Organizations.Where(o => o.Id == db.CurrentTenantId).Select(o => o.TimeZone).SingleAsync(cancellationToken);
            events.Add(EventTypes.AppointmentCancelled, appointment.Id, appointment.ToProto(DateTimeZoneProviders.Tzdb[timeZone]));
            await events.SaveChangesAsync(cancellationToken);
        }

        return appointment;
    }

    private async Task EnforceDailyCapAsync(Context ctx, AvailabilityCalculator.Slot slot, CancellationToken cancellationToken)
    {
        var cap = ctx.Business.BookingRules.DailyCap;
        if (cap <= 0)
        {
            return;
        }

        var day = slot.LocalStart.Date;
        var dayStart = ctx.Zone.AtStartOfDay(day).ToInstant().ToDateTimeUtc();
        var dayEnd = ctx.Zone.AtStartOfDay(day.PlusDays(1)).ToInstant().ToDateTimeUtc();
        // Serialise bookings of one tenant's local day, so two bookings cannot both take the last place.
        var lockKey = $"{db.CurrentTenantId:N}:{day:yyyy-MM-dd}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", cancellationToken);
        var booked = await db.Appointments.CountAsync(a => a.Status == AppointmentStatus.Booked && a.StartsAt >= dayStart && a.StartsAt < dayEnd, cancellationToken);
        if (booked >= cap)
        {
            throw await SlotTakenAsync(ctx, slot.Start, "DAILY_CAP_REACHED", "That day is fully booked.", cancellationToken);
        }
    }

    private async Task MarkLeadBookedAsync(Guid? leadId, string actor, CancellationToken cancellationToken)
    {
        if (leadId is null)
        {
            return;
        }

        var lead = await db.Leads.SingleAsync(l => l.Id == leadId, cancellationToken);
        if (lead.Status is LeadStatus.New or LeadStatus.Contacted)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            db.LeadChanges.Add(new LeadChange
            {
                Id = Guid.CreateVersion7(),
                LeadId = lead.Id,
                Field = "status",
                OldValue = lead.Status.ToString().ToLowerInvariant(),
                NewValue = "booked",
                ChangedBy = actor,
                ChangedAt = now,
            });
            lead.Status = LeadStatus.Booked;
            lead.UpdatedAt = now;
            var updated = lead.ToProto();
            // The event's history holds this change only.
            updated.History.Clear();
            updated.History.Add(new Contracts.V1.LeadChange
            {
                Field = "status",
                OldValue = db.Entry(lead).Property(l => l.Status).OriginalValue.ToString().ToLowerInvariant(),
                NewValue = "booked",
                ChangedBy = actor,
                ChangedAt = now.ToTimestamp(),
            });
            events.Add(EventTypes.LeadUpdated, lead.Id, updated);
        }
    }

    private async Task<ConflictException> SlotTakenAsync(Context ctx, Instant wanted, string reason, string message, CancellationToken cancellationToken)
    {
        var nearby = await FreeSlotsAsync(ctx, wanted - Duration.FromDays(1), wanted + Duration.FromDays(7), 50, cancellationToken);
        var alternatives = nearby.OrderBy(s => Math.Abs((s.Start - wanted).TotalTicks)).Take(3).OrderBy(s => s.Start).ToList();
        var text = alternatives.Count == 0
            ? message + " No other slots are free in the next week."
            : message + " Free nearby: " + string.Join(", ", alternatives.Select(s => Grpc.Mapping.AppointmentMapping.ToLocalIso(s.LocalStart))) + ".";
        return new ConflictException(reason, text, new Dictionary<string, string>
        {
            ["alternatives"] = string.Join(',', alternatives.Select(s => Grpc.Mapping.AppointmentMapping.ToLocalIso(s.LocalStart))),
        });
    }

    private async Task RequireAsync(Guid? leadId, Guid? callId, CancellationToken cancellationToken)
    {
        if (leadId is { } l && !await db.Leads.AnyAsync(x => x.Id == l, cancellationToken))
        {
            throw new NotFoundException("Lead", l.ToString("D"));
        }

        if (callId is { } c && !await db.Calls.AnyAsync(x => x.Id == c, cancellationToken))
        {
            throw new NotFoundException("Call", c.ToString("D"));
        }
    }

    private Task<Appointment?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken) =>
        db.Appointments.AsNoTracking().SingleOrDefaultAsync(a => a.RequestId == requestId, cancellationToken);

    private static Instant Utc(DateTime value) => Instant.FromDateTimeUtc(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

internal static class InstantExtensions
{
    public static Instant ToInstant(this DateTimeOffset value) => Instant.FromDateTimeOffset(value);
}
