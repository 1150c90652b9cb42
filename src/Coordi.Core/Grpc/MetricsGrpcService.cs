using System.Globalization;
using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Security;
using Grpc.Core;
using NodaTime;

namespace Coordi.Core.Grpc;

public sealed class MetricsGrpcService(MetricsQuery query) : MetricsService.MetricsServiceBase
{
    [Access(AccessLevel.TenantRead)]
    public override async Task<Metrics> GetMetrics(GetMetricsRequest request, ServerCallContext context)
    {
        var from = LocalDate.FromDateOnly(DateOnly.ParseExact(request.FromDate, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var to = LocalDate.FromDateOnly(DateOnly.ParseExact(request.ToDate, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        var (timeZone, days) = await query.DailyAsync(from, to, context.CancellationToken);

        var metrics = new Metrics { TimeZone = timeZone, Totals = Totals(days) };
        metrics.Days.AddRange(days.Select(d => new DailyMetrics
        {
            Date = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Totals = Totals([d]),
        }));
        return metrics;
    }

    private static MetricsTotals Totals(IReadOnlyCollection<MetricsQuery.DayRow> rows)
    {
        var answered = rows.Sum(r => r.CallsAnswered);
        return new MetricsTotals
        {
            CallsTotal = rows.Sum(r => r.CallsTotal),
            CallsAnswered = answered,
            CallsMissed = rows.Sum(r => r.CallsMissed),
            AverageDurationSeconds = answered == 0 ? 0 : Math.Round(rows.Sum(r => r.AnsweredSeconds) / (double)answered, 1),
            Leads = rows.Sum(r => r.Leads),
            BookedEstimates = rows.Sum(r => r.Booked),
            Escalations = rows.Sum(r => r.Escalations),
            ConversionRate = answered == 0 ? 0 : Math.Round(rows.Sum(r => r.Converted) / (double)answered, 4),
        };
    }
}
