using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class MetricsTests(CoreFixture fixture)
{
    private const string Zone = "America/Chicago";
    private readonly BusinessClock _clock = new(Zone);

    private static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<Call> CallAsync(TenantClients tenant, Timestamp startedAt, CallStatus status, CallOutcome outcome = CallOutcome.Unspecified, int seconds = 0)
    {
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(), FromNumber = "+15125550143", ToNumber = "+15125550100", StartedAt = startedAt,
        });
        return status == CallStatus.InProgress
            ? call
            : await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = status, Outcome = outcome, DurationSeconds = seconds });
    }

    [Fact]
    public async Task Totals_count_calls_leads_bookings_escalations_and_conversion()
    {
        var tenant = await fixture.NewTenantAsync(timeZone: Zone);
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SampleProfiles.OpenEveryDay(9, 17) });
        var today = _clock.Today;
        var day = today.AddDays(-2);

        var captured = await CallAsync(tenant, _clock.At(day, 10), CallStatus.Completed, CallOutcome.Information, 120);
        await CallAsync(tenant, _clock.At(day, 23, 30), CallStatus.Completed, CallOutcome.Escalated, 60);
        await CallAsync(tenant, _clock.At(day.AddDays(1), 9), CallStatus.Missed);
        await CallAsync(tenant, _clock.At(day.AddDays(1), 11), CallStatus.Completed, CallOutcome.Booked, 180);
        await CallAsync(tenant, _clock.At(day.AddDays(1), 12), CallStatus.InProgress);
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "from-call", Name = "Dana", Phone = "+15125550143", CallId = captured.Id });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "walk-in", Name = "Sam", Phone = "+15125550144" });
        await tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "visit", Start = _clock.At(today.AddDays(3), 10) });

        var metrics = await tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = Date(day.AddDays(-1)), ToDate = Date(today.AddDays(1)) });

        Assert.Equal(Zone, metrics.TimeZone);
        var totals = metrics.Totals;
        Assert.Equal(5, totals.CallsTotal);
        Assert.Equal(3, totals.CallsAnswered);
        Assert.Equal(1, totals.CallsMissed);
        Assert.Equal(120.0, totals.AverageDurationSeconds);
        Assert.Equal(2, totals.Leads);
        Assert.Equal(1, totals.BookedEstimates);
        Assert.Equal(1, totals.Escalations);
        // The information call that produced a lead and the booked call convert; the escalation does not.
        Assert.Equal(0.6667, totals.ConversionRate);
    }

    [Fact]
    public async Task Days_are_local_days_of_the_organization_and_zero_filled()
    {
        var tenant = await fixture.NewTenantAsync(timeZone: Zone);
        var day = _clock.Today.AddDays(-5);
        // 23:30 in Chicago is already the next day in UTC; the business counts it on its own calendar day.
        await CallAsync(tenant, _clock.At(day, 23, 30), CallStatus.Completed, CallOutcome.Lead, 90);
        await CallAsync(tenant, _clock.At(day.AddDays(1), 0, 15), CallStatus.Missed);
        await CallAsync(tenant, _clock.At(day.AddDays(3), 8), CallStatus.Completed, CallOutcome.Spam, 10);

        var metrics = await tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = Date(day.AddDays(-1)), ToDate = Date(day.AddDays(3)) });

        Assert.Equal(
            Enumerable.Range(-1, 5).Select(offset => Date(day.AddDays(offset))),
            metrics.Days.Select(d => d.Date));
        var byDate = metrics.Days.ToDictionary(d => d.Date, d => d.Totals);
        Assert.Equal(new MetricsTotals(), byDate[Date(day.AddDays(-1))]);
        Assert.Equal(new MetricsTotals { CallsTotal = 1, CallsAnswered = 1, AverageDurationSeconds = 90, ConversionRate = 1 }, byDate[Date(day)]);
        Assert.Equal(new MetricsTotals { CallsTotal = 1, CallsMissed = 1 }, byDate[Date(day.AddDays(1))]);
        Assert.Equal(new MetricsTotals(), byDate[Date(day.AddDays(2))]);
        Assert.Equal(new MetricsTotals { CallsTotal = 1, CallsAnswered = 1, AverageDurationSeconds = 10 }, byDate[Date(day.AddDays(3))]);
        Assert.Equal(3, metrics.Totals.CallsTotal);
        Assert.Equal(50.0, metrics.Totals.AverageDurationSeconds);
        Assert.Equal(0.5, metrics.Totals.ConversionRate);
    }

    [Fact]
    public async Task Calls_outside_the_local_date_range_are_not_counted()
    {
        var tenant = await fixture.NewTenantAsync(timeZone: Zone);
        var day = _clock.Today.AddDays(-3);
        await CallAsync(tenant, _clock.At(day, 0, 0), CallStatus.Completed, CallOutcome.Information, 30);
        await CallAsync(tenant, _clock.At(day.AddDays(-1), 23, 59), CallStatus.Completed, CallOutcome.Information, 30);
        await CallAsync(tenant, _clock.At(day.AddDays(1), 0, 0), CallStatus.Completed, CallOutcome.Information, 30);

        var metrics = await tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = Date(day), ToDate = Date(day) });

        var only = Assert.Single(metrics.Days);
        Assert.Equal(Date(day), only.Date);
        Assert.Equal(1, metrics.Totals.CallsTotal);
    }

    [Fact]
    public async Task An_organization_without_activity_has_zero_metrics()
    {
        var tenant = await fixture.NewTenantAsync(timeZone: Zone);

        var metrics = await tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = "2026-01-01", ToDate = "2026-01-31" });

        Assert.Equal(31, metrics.Days.Count);
        Assert.Equal(new MetricsTotals(), metrics.Totals);
        Assert.All(metrics.Days, d => Assert.Equal(new MetricsTotals(), d.Totals));
    }

    [Theory]
    [InlineData("2026-13-01", "2026-12-31", "from_date")]
    [InlineData("", "2026-12-31", "from_date")]
    [InlineData("2026-01-01", "01/31/2026", "to_date")]
    [InlineData("2026-02-01", "2026-01-31", "to_date")]
    [InlineData("2025-01-01", "2026-01-02", "to_date")]
    public async Task Invalid_date_ranges_are_refused(string from, string to, string field)
    {
        var tenant = await fixture.NewTenantAsync(timeZone: Zone);

        await RpcAssert.InvalidArgument(tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = from, ToDate = to }), field);
    }

    [Fact]
    public async Task A_full_leap_year_is_the_longest_range_allowed()
    {
        var tenant = await fixture.NewTenantAsync(timeZone: Zone);

        var metrics = await tenant.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = "2028-01-01", ToDate = "2028-12-31" });

        Assert.Equal(366, metrics.Days.Count);
    }
}
