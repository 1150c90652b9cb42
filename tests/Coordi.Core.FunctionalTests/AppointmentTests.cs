using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// The clock is real, so visits are booked a few days ahead of today in the business's zone, and the business
/// is open every day so no test depends on the weekday it runs on.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class AppointmentTests(CoreFixture fixture)
{
    private const string Zone = "America/Chicago";
    private readonly BusinessClock _clock = new(Zone);

    private DateOnly Day => _clock.Today.AddDays(3);

    private async Task<TenantClients> OpenNineToFiveAsync(int leadTimeMinutes = 120, int dailyCap = 0, string timeZone = Zone)
    {
        var tenant = await fixture.NewTenantAsync(timeZone: timeZone);
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest
        {
            Profile = SampleProfiles.OpenEveryDay(9, 17, slotMinutes: 60, leadTimeMinutes: leadTimeMinutes, dailyCap: dailyCap),
        });
        return tenant;
    }

    private Task<GetAvailabilityResponse> AvailabilityOn(TenantClients tenant, DateOnly day) =>
        tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = _clock.StartOf(day), To = _clock.StartOf(day.AddDays(1)), MaxSlots = 200 }).ResponseAsync;

    private Task<Appointment> Book(TenantClients tenant, DateOnly day, int hour, int minute = 0, string? leadId = null) =>
        tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Start = _clock.At(day, hour, minute),
            LeadId = leadId ?? "",
        }).ResponseAsync;

    [Fact]
    public async Task Availability_offers_each_slot_of_the_opening_hours_in_the_business_time_zone()
    {
        var tenant = await OpenNineToFiveAsync();

        var availability = await AvailabilityOn(tenant, Day);

        Assert.Equal(Zone, availability.TimeZone);
        Assert.Equal(Enumerable.Range(9, 8).Select(h => _clock.LocalIso(Day, h)), availability.Slots.Select(s => s.LocalStart));
        Assert.Equal(Enumerable.Range(9, 8).Select(h => _clock.At(Day, h)), availability.Slots.Select(s => s.Start));
        Assert.All(availability.Slots, s => Assert.Equal(TimeSpan.FromHours(1), s.End.ToDateTime() - s.Start.ToDateTime()));
    }

    [Fact]
    public async Task Local_starts_carry_the_offset_of_the_business_zone()
    {
        var kolkata = new BusinessClock("Asia/Kolkata");
        var tenant = await OpenNineToFiveAsync(timeZone: "Asia/Kolkata");
        var day = kolkata.Today.AddDays(3);

        var availability = await tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = kolkata.StartOf(day), To = kolkata.StartOf(day.AddDays(1)) });

        var first = availability.Slots[0];
        Assert.Equal($"{day:yyyy-MM-dd}T09:00:00+05:30", first.LocalStart);
        Assert.Equal(day.ToDateTime(new TimeOnly(3, 30), DateTimeKind.Utc), first.Start.ToDateTime());
    }

    [Fact]
    public async Task Availability_never_offers_a_slot_inside_the_lead_time()
    {
        var tenant = await OpenNineToFiveAsync(leadTimeMinutes: 1440);
        var now = DateTime.UtcNow;

        var availability = await tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest
        {
            From = Timestamp.FromDateTime(now), To = Timestamp.FromDateTime(now.AddDays(3)), MaxSlots = 200,
        });

        Assert.NotEmpty(availability.Slots);
        Assert.All(availability.Slots, s => Assert.True(s.Start.ToDateTime() >= now.AddDays(1), $"{s.LocalStart} is inside the lead time"));
    }

    [Fact]
    public async Task A_lead_time_beyond_the_range_leaves_no_availability_and_refuses_the_booking()
    {
        var tenant = await OpenNineToFiveAsync(leadTimeMinutes: 20160);

        var availability = await AvailabilityOn(tenant, Day);
        var badRequest = await RpcAssert.InvalidArgument(
            tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "too-soon", Start = _clock.At(Day, 10) }),
            "start");

        Assert.Empty(availability.Slots);
        Assert.Contains("notice", badRequest.FieldViolations.Single().Description);
    }

    [Fact]
    public async Task Availability_returns_at_most_max_slots_soonest_first()
    {
        var tenant = await OpenNineToFiveAsync();
        var from = _clock.StartOf(Day);
        var to = _clock.StartOf(Day.AddDays(7));

        var five = await tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = from, To = to, MaxSlots = 5 });
        var byDefault = await tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = from, To = to });

        Assert.Equal(Enumerable.Range(9, 5).Select(h => _clock.LocalIso(Day, h)), five.Slots.Select(s => s.LocalStart));
        Assert.Equal(20, byDefault.Slots.Count);
        Assert.Equal(byDefault.Slots.Select(s => s.Start.ToDateTime()).Order(), byDefault.Slots.Select(s => s.Start.ToDateTime()));
    }

    [Fact]
    public async Task A_booked_slot_is_stored_and_no_longer_offered()
    {
        var tenant = await OpenNineToFiveAsync();

        var booked = await tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = "call-1/tool-4", Start = _clock.At(Day, 10), Notes = "  Gate code 1234  ",
        });
        var fetched = await tenant.Appointments.GetAppointmentAsync(new GetAppointmentRequest { Id = booked.Id });
        var availability = await AvailabilityOn(tenant, Day);

        foreach (var a in new[] { booked, fetched })
        {
            Assert.Equal(AppointmentStatus.Booked, a.Status);
            Assert.Equal(_clock.At(Day, 10), a.Start);
            Assert.Equal(_clock.At(Day, 11), a.End);
            Assert.Equal(_clock.LocalIso(Day, 10), a.LocalStart);
            Assert.Equal("Gate code 1234", a.Notes);
            Assert.Equal("", a.LeadId);
        }

        Assert.DoesNotContain(_clock.LocalIso(Day, 10), availability.Slots.Select(s => s.LocalStart));
        Assert.Equal(7, availability.Slots.Count);
    }

    [Fact]
    public async Task A_retried_booking_returns_the_first_booking()
    {
        var tenant = await OpenNineToFiveAsync();
        var request = new BookAppointmentRequest { RequestId = "call-9/tool-2", Start = _clock.At(Day, 14) };

        var first = await tenant.Appointments.BookAppointmentAsync(request);
        var retry = await tenant.Appointments.BookAppointmentAsync(request);

        Assert.Equal(first.Id, retry.Id);
        Assert.Single((await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }

    [Fact]
    public async Task Booking_a_taken_slot_fails_and_names_free_alternatives()
    {
        var tenant = await OpenNineToFiveAsync();
        await Book(tenant, Day, 10);

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => Book(tenant, Day, 10));

        var info = RpcAssert.ErrorInfoOf(ex);
        Assert.Equal("SLOT_TAKEN", info.Reason);
        var alternatives = info.Metadata["alternatives"].Split(',');
        var free = (await AvailabilityOn(tenant, Day)).Slots.Select(s => s.LocalStart).ToList();
        Assert.InRange(alternatives.Length, 1, 3);
        Assert.All(alternatives, a => Assert.Contains(a, free));
        Assert.All(alternatives, a => Assert.Contains(a, ex.Status.Detail));
        Assert.Contains(_clock.LocalIso(Day, 9), alternatives);
        Assert.Contains(_clock.LocalIso(Day, 11), alternatives);
        Assert.DoesNotContain(_clock.LocalIso(Day, 10), alternatives);
        Assert.Single((await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }

    [Theory]
    [InlineData(10, 30)]
    [InlineData(7, 0)]
    [InlineData(17, 0)]
    [InlineData(22, 0)]
    public async Task Booking_outside_the_hours_or_off_the_slot_grid_is_refused(int hour, int minute)
    {
        var tenant = await OpenNineToFiveAsync();

        await RpcAssert.InvalidArgument(
            tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "r1", Start = _clock.At(Day, hour, minute) }),
            "start");

        Assert.Empty((await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
    }

    [Fact]
    public async Task The_last_slot_of_the_day_ends_at_closing_time()
    {
        var tenant = await OpenNineToFiveAsync();

        var last = await Book(tenant, Day, 16);

        Assert.Equal(_clock.At(Day, 17), last.End);
    }

    [Fact]
    public async Task Booking_for_a_lead_marks_it_booked_in_its_history()
    {
        var tenant = await OpenNineToFiveAsync();
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "lead-1", Name = "Dana Smith", Phone = "+15125550143" });

        var appointment = await Book(tenant, Day, 11, leadId: lead.Id);
        var after = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        Assert.Equal(lead.Id, appointment.LeadId);
        Assert.Equal(LeadStatus.Booked, after.Status);
        Assert.Equal([appointment.Id], after.AppointmentIds);
        var change = Assert.Single(after.History);
        Assert.Equal(("status", "new", "booked", "portal"), (change.Field, change.OldValue, change.NewValue, change.ChangedBy));
    }

    [Fact]
    public async Task A_partner_booking_for_a_lead_is_named_by_its_key_in_the_history()
    {
        var tenant = await OpenNineToFiveAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant);
        var lead = await partner.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "crm-1", Name = "Dana Smith", Phone = "+15125550143" });

        await Book(partner, Day, 13, leadId: lead.Id);
        var after = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        Assert.Equal("partner:crm-sync", Assert.Single(after.History).ChangedBy);
    }

    [Fact]
    public async Task Booking_again_for_a_won_lead_leaves_its_status_alone()
    {
        var tenant = await OpenNineToFiveAsync();
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "lead-1", Name = "Dana Smith", Phone = "+15125550143" });
        await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Status = LeadStatus.Won }, UpdateMask = { "status" } });

        await Book(tenant, Day, 11, leadId: lead.Id);
        var after = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        Assert.Equal(LeadStatus.Won, after.Status);
        Assert.Single(after.History);
    }

    [Fact]
    public async Task Booking_for_an_unknown_lead_or_call_is_not_found()
    {
        var tenant = await OpenNineToFiveAsync();

        await RpcAssert.FailsWith(StatusCode.NotFound, () => Book(tenant, Day, 9, leadId: Guid.NewGuid().ToString()));
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = "r2", Start = _clock.At(Day, 9), CallId = Guid.NewGuid().ToString(),
        }));
        Assert.Contains(_clock.LocalIso(Day, 9), (await AvailabilityOn(tenant, Day)).Slots.Select(s => s.LocalStart));
    }

    [Fact]
    public async Task The_daily_cap_closes_a_day_once_it_is_reached()
    {
        var tenant = await OpenNineToFiveAsync(dailyCap: 2);
        await Book(tenant, Day, 9);
        await Book(tenant, Day, 14);

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => Book(tenant, Day, 11));

        var info = RpcAssert.ErrorInfoOf(ex);
        Assert.Equal("DAILY_CAP_REACHED", info.Reason);
        var alternatives = info.Metadata["alternatives"].Split(',');
        Assert.NotEmpty(alternatives);
        Assert.All(alternatives, a => Assert.DoesNotContain($"{Day:yyyy-MM-dd}T", a));
        Assert.Empty((await AvailabilityOn(tenant, Day)).Slots);
        Assert.Equal(8, (await AvailabilityOn(tenant, Day.AddDays(1))).Slots.Count);
        Assert.NotNull(await Book(tenant, Day.AddDays(1), 11));
    }

    [Fact]
    public async Task Cancelling_frees_the_slot_for_another_booking()
    {
        var tenant = await OpenNineToFiveAsync(dailyCap: 1);
        var booked = await Book(tenant, Day, 10);

        var cancelled = await tenant.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = booked.Id, Reason = " Fixed it themselves " });
        var availability = await AvailabilityOn(tenant, Day);
        var rebooked = await Book(tenant, Day, 10);

        Assert.Equal(AppointmentStatus.Cancelled, cancelled.Status);
        Assert.Equal("Fixed it themselves", cancelled.CancelReason);
        Assert.Contains(_clock.LocalIso(Day, 10), availability.Slots.Select(s => s.LocalStart));
        Assert.Equal(AppointmentStatus.Booked, rebooked.Status);
        Assert.NotEqual(booked.Id, rebooked.Id);
        var original = await tenant.Appointments.GetAppointmentAsync(new GetAppointmentRequest { Id = booked.Id });
        Assert.Equal(AppointmentStatus.Cancelled, original.Status);
    }

    [Fact]
    public async Task Cancelling_twice_keeps_the_first_reason()
    {
        var tenant = await OpenNineToFiveAsync();
        var booked = await Book(tenant, Day, 10);

        await tenant.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = booked.Id, Reason = "Customer cancelled" });
        var again = await tenant.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = booked.Id, Reason = "Duplicate" });

        Assert.Equal(AppointmentStatus.Cancelled, again.Status);
        Assert.Equal("Customer cancelled", again.CancelReason);
    }

    [Fact]
    public async Task Unknown_and_malformed_appointment_ids()
    {
        var tenant = await OpenNineToFiveAsync();

        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Appointments.GetAppointmentAsync(new GetAppointmentRequest { Id = Guid.NewGuid().ToString() }));
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = Guid.NewGuid().ToString() }));
        await RpcAssert.InvalidArgument(tenant.Appointments.GetAppointmentAsync(new GetAppointmentRequest { Id = "tomorrow" }), "id");
        await RpcAssert.InvalidArgument(tenant.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = "" }), "id");
    }

    [Fact]
    public async Task Appointments_are_listed_soonest_first_and_filtered_by_time_status_and_lead()
    {
        var tenant = await OpenNineToFiveAsync();
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "lead-1", Name = "Dana Smith", Phone = "+15125550143" });
        var later = await Book(tenant, Day.AddDays(1), 9);
        var forLead = await Book(tenant, Day, 15, leadId: lead.Id);
        var soonest = await Book(tenant, Day, 9);
        var cancelled = await Book(tenant, Day, 12);
        await tenant.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = cancelled.Id });

        var all = await Ids(tenant, new ListAppointmentsRequest());
        var booked = await Ids(tenant, new ListAppointmentsRequest { Status = AppointmentStatus.Booked });
        var cancelledOnly = await Ids(tenant, new ListAppointmentsRequest { Status = AppointmentStatus.Cancelled });
        var ofLead = await Ids(tenant, new ListAppointmentsRequest { LeadId = lead.Id });
        var onDay = await Ids(tenant, new ListAppointmentsRequest { Start = new TimeRange { Start = _clock.At(Day, 9), End = _clock.At(Day, 15) } });

        Assert.Equal([soonest.Id, cancelled.Id, forLead.Id, later.Id], all);
        Assert.Equal([soonest.Id, forLead.Id, later.Id], booked);
        Assert.Equal([cancelled.Id], cancelledOnly);
        Assert.Equal([forLead.Id], ofLead);
        Assert.Equal([soonest.Id, cancelled.Id], onDay);

        var paged = new List<string>();
        var token = "";
        do
        {
            var page = await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { PageSize = 3, PageToken = token });
            paged.AddRange(page.Appointments.Select(a => a.Id));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(all, paged);
    }

    [Fact]
    public async Task Malformed_availability_requests_are_refused()
    {
        var tenant = await OpenNineToFiveAsync();
        var from = _clock.StartOf(Day);

        await RpcAssert.InvalidArgument(tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = from, To = from }), "to");
        await RpcAssert.InvalidArgument(tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = from, To = _clock.StartOf(Day.AddDays(32)) }), "to");
        await RpcAssert.InvalidArgument(tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { To = from }), "from");
        await RpcAssert.InvalidArgument(
            tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest { From = from, To = _clock.StartOf(Day.AddDays(1)), MaxSlots = 201 }),
            "max_slots");
    }

    [Fact]
    public async Task Malformed_bookings_and_list_requests_are_refused()
    {
        var tenant = await OpenNineToFiveAsync();

        await RpcAssert.InvalidArgument(tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "r1" }), "start");
        await RpcAssert.InvalidArgument(tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { Start = _clock.At(Day, 9) }), "request_id");
        await RpcAssert.InvalidArgument(
            tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "r1", Start = _clock.At(Day, 9), LeadId = "dana" }),
            "lead_id");
        await RpcAssert.InvalidArgument(tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { PageToken = "%%%" }), "page_token");
        await RpcAssert.InvalidArgument(tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { Status = (AppointmentStatus)5 }), "status");
    }

    private static async Task<IReadOnlyList<string>> Ids(TenantClients tenant, ListAppointmentsRequest request) =>
        (await tenant.Appointments.ListAppointmentsAsync(request)).Appointments.Select(a => a.Id).ToList();
}
