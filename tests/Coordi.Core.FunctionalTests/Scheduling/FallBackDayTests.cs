using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests.Scheduling;

/// <summary>
/// On Sunday 2026-11-01 Chicago's clocks go back from 02:00 CDT (UTC-5) to 01:00 CST (UTC-6), so 01:30 happens
/// twice. Both are real times the business is open; each is a slot of its own, told apart by its instant and offset.
/// </summary>
[Collection(DaylightSavingCollection.Name)]
public sealed class FallBackDayTests(DaylightSavingFixture fixture)
{
    private const string Chicago = "America/Chicago";
    private const string FirstHalfPastOne = "2026-11-01T01:30:00-05:00";
    private const string SecondHalfPastOne = "2026-11-01T01:30:00-06:00";

    private static Timestamp At(string iso) =>
        Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture));

    private static Task<GetAvailabilityResponse> AvailabilityAsync(TenantClients tenant, string from, string to) =>
        tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = At(from), To = At(to), MaxSlots = 200 }).ResponseAsync;

    private static Task<GetAvailabilityResponse> FallBackSundayAsync(TenantClients tenant) =>
        AvailabilityAsync(tenant, "2026-11-01T00:00:00-05:00", "2026-11-02T00:00:00-06:00");

    private static Task<Appointment> BookAsync(TenantClients tenant, string iso, string? requestId = null) =>
        tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = requestId ?? Guid.NewGuid().ToString(), Start = At(iso) }).ResponseAsync;

    [Fact]
    public async Task Availability_offers_the_repeated_hour_twice_in_time_order_with_its_offset()
    {
        var tenant = await fixture.OpenAtNightAsync(Chicago);

        var availability = await FallBackSundayAsync(tenant);

        Assert.Equal(
            [
                "2026-11-01T00:00:00-05:00", "2026-11-01T00:30:00-05:00",
                "2026-11-01T01:00:00-05:00", FirstHalfPastOne,
                "2026-11-01T01:00:00-06:00", SecondHalfPastOne,
                "2026-11-01T02:00:00-06:00", "2026-11-01T02:30:00-06:00",
                "2026-11-01T03:00:00-06:00", "2026-11-01T03:30:00-06:00",
            ],
            availability.Slots.Select(s => s.LocalStart));
        Assert.Equal(availability.Slots.Select(s => s.LocalStart).Select(At), availability.Slots.Select(s => s.Start));
        Assert.Equal(
            [new DateTime(2026, 11, 1, 6, 30, 0, DateTimeKind.Utc), new DateTime(2026, 11, 1, 7, 30, 0, DateTimeKind.Utc)],
            availability.Slots.Where(s => s.LocalStart.Contains("T01:30")).Select(s => s.Start.ToDateTime()));
    }

    [Fact]
    public async Task Both_half_past_ones_can_be_booked_and_each_keeps_its_own_instant()
    {
        var tenant = await fixture.OpenAtNightAsync(Chicago);

        var second = await BookAsync(tenant, SecondHalfPastOne);
        var first = await BookAsync(tenant, FirstHalfPastOne);
        var listed = (await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments;
        var stillFree = (await FallBackSundayAsync(tenant)).Slots.Select(s => s.LocalStart).ToList();

        Assert.Equal((FirstHalfPastOne, At(FirstHalfPastOne), At("2026-11-01T01:00:00-06:00")), (first.LocalStart, first.Start, first.End));
        Assert.Equal((SecondHalfPastOne, At(SecondHalfPastOne), At("2026-11-01T02:00:00-06:00")), (second.LocalStart, second.Start, second.End));
        Assert.Equal([first.Id, second.Id], listed.Select(a => a.Id));
        Assert.Equal([FirstHalfPastOne, SecondHalfPastOne], listed.Select(a => a.LocalStart));
        Assert.DoesNotContain(FirstHalfPastOne, stillFree);
        Assert.DoesNotContain(SecondHalfPastOne, stillFree);
        Assert.Contains("2026-11-01T01:00:00-05:00", stillFree);
        Assert.Contains("2026-11-01T01:00:00-06:00", stillFree);
    }

    [Fact]
    public async Task Booking_a_taken_half_past_one_offers_the_nearest_slots_in_real_time_across_the_change()
    {
        var tenant = await fixture.OpenAtNightAsync(Chicago);
        await BookAsync(tenant, FirstHalfPastOne);

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => BookAsync(tenant, FirstHalfPastOne));

        // Nearest by elapsed time: half an hour before, and half an hour after (01:00 again, once the clocks went back).
        var alternatives = RpcAssert.ErrorInfoOf(ex).Metadata["alternatives"].Split(',');
        Assert.Contains("2026-11-01T01:00:00-05:00", alternatives);
        Assert.Contains("2026-11-01T01:00:00-06:00", alternatives);
        Assert.DoesNotContain(FirstHalfPastOne, alternatives);
        Assert.All(alternatives, a => Assert.Contains(a, ex.Status.Detail));
        Assert.Single((await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }

    [Fact]
    public async Task A_booking_at_the_second_half_past_one_fills_the_daily_cap_of_that_sunday()
    {
        var tenant = await fixture.OpenAtNightAsync(Chicago, dailyCap: 1);
        await BookAsync(tenant, SecondHalfPastOne);

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => BookAsync(tenant, "2026-11-01T03:30:00-06:00"));

        Assert.Equal("DAILY_CAP_REACHED", RpcAssert.ErrorInfoOf(ex).Reason);
        Assert.Empty((await FallBackSundayAsync(tenant)).Slots);
        Assert.Contains("2026-11-02T00:00:00-06:00", RpcAssert.ErrorInfoOf(ex).Metadata["alternatives"].Split(','));
    }

    [Fact]
    public async Task A_start_between_the_slots_of_the_repeated_hour_is_refused_as_off_the_grid()
    {
        var tenant = await fixture.OpenAtNightAsync(Chicago);

        var refusal = await RpcAssert.InvalidArgument(
            tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "between", Start = At("2026-11-01T01:15:00-06:00") }),
            "start");

        Assert.Contains("30-minute boundary", refusal.FieldViolations.Single().Description);
        Assert.Empty((await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }

    [Fact]
    public async Task The_spring_forward_gap_is_neither_offered_nor_bookable()
    {
        // Sunday 2027-03-14: Chicago's clocks jump from 02:00 CST to 03:00 CDT; 02:00-03:00 never happens.
        var tenant = await fixture.Core.NewTenantAsync("Gap Plumbing", Chicago);
        var profile = SampleProfiles.OpenEveryDay(2, 3, slotMinutes: 30, leadTimeMinutes: 0);
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = profile });

        var availability = await AvailabilityAsync(tenant, "2027-03-14T00:00:00-06:00", "2027-03-15T00:00:00-05:00");
        var dayBefore = await AvailabilityAsync(tenant, "2027-03-13T00:00:00-06:00", "2027-03-14T00:00:00-06:00");

        Assert.DoesNotContain(availability.Slots, s => s.LocalStart.StartsWith("2027-03-14", StringComparison.Ordinal));
        Assert.Equal(["2027-03-13T02:00:00-06:00", "2027-03-13T02:30:00-06:00"], dayBefore.Slots.Select(s => s.LocalStart));
        // 02:30 written with either offset names an instant whose wall-clock time is 01:30 CST or 03:30 CDT.
        foreach (var iso in new[] { "2027-03-14T02:30:00-06:00", "2027-03-14T02:30:00-05:00", "2027-03-14T02:00:00-06:00" })
        {
            await RpcAssert.InvalidArgument(
                tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = iso, Start = At(iso) }),
                "start");
        }

        Assert.Empty((await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }

    [Fact]
    public async Task A_half_hour_autumn_change_repeats_only_its_half_hour_and_both_are_bookable()
    {
        // Lord Howe Island, Sunday 2027-04-04: clocks go back from 02:00 (+11:00) to 01:30 (+10:30).
        var tenant = await fixture.OpenAtNightAsync("Australia/Lord_Howe");

        var availability = await AvailabilityAsync(tenant, "2027-04-04T00:00:00+11:00", "2027-04-05T00:00:00+10:30");
        var first = await BookAsync(tenant, "2027-04-04T01:30:00+11:00");
        var second = await BookAsync(tenant, "2027-04-04T01:30:00+10:30");

        Assert.Equal(
            [
                "2027-04-04T00:00:00+11:00", "2027-04-04T00:30:00+11:00", "2027-04-04T01:00:00+11:00",
                "2027-04-04T01:30:00+11:00", "2027-04-04T01:30:00+10:30",
                "2027-04-04T02:00:00+10:30", "2027-04-04T02:30:00+10:30", "2027-04-04T03:00:00+10:30", "2027-04-04T03:30:00+10:30",
            ],
            availability.Slots.Select(s => s.LocalStart));
        Assert.Equal(TimeSpan.FromMinutes(30), second.Start.ToDateTime() - first.Start.ToDateTime());
        Assert.Equal(first.End, second.Start);
    }

    [Fact]
    public async Task One_tenant_booking_the_second_half_past_one_leaves_it_free_for_another()
    {
        var booker = await fixture.OpenAtNightAsync(Chicago);
        var other = await fixture.OpenAtNightAsync(Chicago);

        await BookAsync(booker, SecondHalfPastOne);
        var otherFree = (await FallBackSundayAsync(other)).Slots.Select(s => s.LocalStart);
        var otherBooking = await BookAsync(other, SecondHalfPastOne);

        Assert.Contains(SecondHalfPastOne, otherFree);
        Assert.Equal(SecondHalfPastOne, otherBooking.LocalStart);
        Assert.Single((await booker.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }
}
