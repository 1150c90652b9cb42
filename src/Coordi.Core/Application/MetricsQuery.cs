using Coordi.Core.Infrastructure;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Coordi.Core.Application;

/// <summary>
/// Dashboard figures per local day, aggregated by PostgreSQL. The tenant id comes from the tenant
/// context, never from the request, because raw SQL does not pass through the query filters.
/// </summary>
public sealed class MetricsQuery(CoreDbContext db)
{
    public sealed record DayRow(
        DateOnly Day,
        int CallsTotal,
        int CallsAnswered,
        int CallsMissed,
        long AnsweredSeconds,
        int Leads,
        int Booked,
        int Escalations,
        int Converted);

    public async Task<(string TimeZone, IReadOnlyList<DayRow> Days)> DailyAsync(LocalDate from, LocalDate to, CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        var timeZone = await db.Organizations.Where(o => o.Id == tenantId).Select(o => o.TimeZone).SingleAsync(cancellationToken);
        var zone = DateTimeZoneProviders.Tzdb[timeZone];
        var startUtc = zone.AtStartOfDay(from).ToDateTimeUtc();
        var endUtc = zone.AtStartOfDay(to.PlusDays(1)).ToDateTimeUtc();
        var fromDay = from.ToDateOnly();
        var dayCount = Period.Between(from, to, PeriodUnits.Days).Days + 1;

        // Result columns are matched to DayRow through the context's snake_case naming convention.
        // The days come from an integer series and the converted calls from one join, not a subquery per call:
        // PostgreSQL then estimates the rows (and the cost) close to the truth, and a month of a busy tenant stays
        // under the cost at which it would JIT-compile the query, which costs more than the query itself.
        var rows = await db.Database.SqlQuery<DayRow>($"""
            WITH days AS (
                SELECT {fromDay}::date + i AS day FROM generate_series(0, {dayCount} - 1) AS i
            ), linked AS (
                SELECT DISTINCT call_id FROM leads WHERE tenant_id = {tenantId} AND call_id IS NOT NULL
            ), c AS (
                SELECT (calls.started_at AT TIME ZONE {timeZone})::date AS day,
                       count(*) AS total,
                       count(*) FILTER (WHERE calls.status = 'Completed') AS answered,
                       count(*) FILTER (WHERE calls.status = 'Missed') AS missed,
                       coalesce(sum(calls.duration_seconds) FILTER (WHERE calls.status = 'Completed'), 0) AS seconds,
                       count(*) FILTER (WHERE calls.outcome = 'Escalated') AS escalations,
                       count(*) FILTER (WHERE calls.status = 'Completed' AND (calls.outcome IN ('Lead', 'Booked') OR linked.call_id IS NOT NULL)) AS converted
                FROM calls
                LEFT JOIN linked ON linked.call_id = calls.id
                WHERE calls.tenant_id = {tenantId} AND calls.started_at >= {startUtc} AND calls.started_at < {endUtc}
                GROUP BY 1
            ), l AS (
                SELECT (created_at AT TIME ZONE {timeZone})::date AS day, count(*) AS n
                FROM leads
                WHERE tenant_id = {tenantId} AND created_at >= {startUtc} AND created_at < {endUtc}
                GROUP BY 1
            ), a AS (
                SELECT (created_at AT TIME ZONE {timeZone})::date AS day, count(*) AS n
                FROM appointments
                WHERE tenant_id = {tenantId} AND status = 'Booked' AND created_at >= {startUtc} AND created_at < {endUtc}
                GROUP BY 1
            )
            SELECT days.day AS day,
                   coalesce(c.total, 0)::int AS calls_total,
                   coalesce(c.answered, 0)::int AS calls_answered,
                   coalesce(c.missed, 0)::int AS calls_missed,
                   coalesce(c.seconds, 0)::bigint AS answered_seconds,
                   coalesce(l.n, 0)::int AS leads,
                   coalesce(a.n, 0)::int AS booked,
                   coalesce(c.escalations, 0)::int AS escalations,
                   coalesce(c.converted, 0)::int AS converted
            FROM days
            LEFT JOIN c ON c.day = days.day
            LEFT JOIN l ON l.day = days.day
            LEFT JOIN a ON a.day = days.day
            ORDER BY days.day
            """).ToListAsync(cancellationToken);
        return (timeZone, rows);
    }
}
