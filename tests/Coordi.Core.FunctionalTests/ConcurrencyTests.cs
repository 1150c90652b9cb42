using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// Simultaneous requests that compete for one thing: a slot, a day's last booking, an idempotency key. The
/// database decides the winner; every loser must get a clean answer and nothing may be stored twice.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class ConcurrencyTests(CoreFixture fixture)
{
    private const int Contenders = 20;

    // Open 08:00-18:00 every day: ten 60-minute slots, or six 90-minute ones.
    private const int OpenHour = 8;
    private const int CloseHour = 18;

    [Fact]
    public async Task Parallel_bookings_of_one_slot_book_it_once()
    {
        var tenant = await OpenBusinessAsync(slotMinutes: 60);
        var slot = (await WholeDayAsync(tenant, slotCount: 10))[3];

        var results = await InParallelAsync(Contenders, i => tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = $"booking-{i}",
            Start = slot.Start,
        }));

        var winner = Assert.Single(Succeeded(results));
        Assert.All(Failed(results), ex => AssertRefused(ex, "SLOT_TAKEN"));
        var booked = await BookedAsync(tenant, slot);
        Assert.Equal(winner.Id, Assert.Single(booked, a => Overlaps(a, slot.Start, slot.End)).Id);
    }

    [Fact]
    public async Task Parallel_bookings_that_overlap_a_booking_are_refused_and_only_free_slots_are_booked()
    {
        // A 90-minute visit booked at 09:30, then the business moves to 60-minute slots: 09:00 and 10:00 now
        // overlap that visit without being the same slot, and only the database's exclusion constraint stands
        // between them and a double booking.
        var tenant = await OpenBusinessAsync(slotMinutes: 90);
        var long90 = (await WholeDayAsync(tenant, slotCount: 6))[1];
        var existing = await tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = "long-visit", Start = long90.Start });
        await SetHoursAsync(tenant, slotMinutes: 60);

        var start = existing.Start.ToDateTime();
        var overlapping = new[] { start.AddMinutes(-30), start.AddMinutes(30) };
        var free = new[] { start.AddMinutes(-90), existing.End.ToDateTime() };
        var wanted = overlapping.Concat(free).Select(Timestamp.FromDateTime).ToList();

        var results = await InParallelAsync(Contenders, i => tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = $"short-visit-{i}",
            Start = wanted[i % wanted.Count],
        }));

        Assert.Equal(free.Select(Timestamp.FromDateTime).Order(), Succeeded(results).Select(a => a.Start).Order());
        Assert.All(Failed(results), ex => AssertRefused(ex, "SLOT_TAKEN"));
        var booked = await BookedAsync(tenant, long90);
        Assert.Equal(new[] { free[0], start, free[1] }, booked.Select(a => a.Start.ToDateTime()));
        Assert.All(booked.Zip(booked.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start, $"{pair.First} overlaps {pair.Second}"));
    }

    [Fact]
    public async Task Parallel_bookings_of_different_slots_stop_at_the_daily_cap()
    {
        var tenant = await OpenBusinessAsync(slotMinutes: 60, dailyCap: 2);
        var day = await WholeDayAsync(tenant, slotCount: 10);

        var results = await InParallelAsync(day.Count, i => tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = $"capped-{i}",
            Start = day[i].Start,
        }));

        Assert.Equal(2, Succeeded(results).Count);
        Assert.All(Failed(results), ex => AssertRefused(ex, "DAILY_CAP_REACHED"));
        Assert.Equal(2, (await BookedAsync(tenant, day[0])).Count);
    }

    [Fact]
    public async Task A_booking_retried_in_parallel_is_stored_once()
    {
        var tenant = await OpenBusinessAsync(slotMinutes: 60);
        var slot = (await WholeDayAsync(tenant, slotCount: 10))[5];

        var results = await InParallelAsync(Contenders, _ => tenant.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = "booking-retried",
            Start = slot.Start,
        }));

        Assert.Empty(Failed(results));
        var id = Assert.Single(Succeeded(results).Select(a => a.Id).Distinct());
        Assert.Equal(id, Assert.Single(await BookedAsync(tenant, slot)).Id);
    }

    [Fact]
    public async Task A_lead_creation_retried_in_parallel_creates_one_lead()
    {
        var tenant = await fixture.NewTenantAsync();
        var request = new CreateLeadRequest
        {
            RequestId = "call-7f3a:tool-call-1",
            Name = "Dana Smith",
            Phone = TestData.UsNumber(),
            Service = "Leaking water heater",
        };

        var results = await InParallelAsync(Contenders, _ => tenant.Leads.CreateLeadAsync(request));

        Assert.Empty(Failed(results));
        var id = Assert.Single(Succeeded(results).Select(l => l.Id).Distinct());
        var leads = await tenant.Leads.ListLeadsAsync(new ListLeadsRequest());
        Assert.Equal(id, Assert.Single(leads.Leads).Id);
    }

    [Fact]
    public async Task A_call_started_in_parallel_for_one_call_sid_is_one_call()
    {
        var tenant = await fixture.NewTenantAsync();
        var request = new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = TestData.UsNumber(), ToNumber = TestData.UsNumber() };

        var results = await InParallelAsync(Contenders, _ => tenant.Calls.StartCallAsync(request));

        Assert.Empty(Failed(results));
        var id = Assert.Single(Succeeded(results).Select(c => c.Id).Distinct());
        var calls = await tenant.Calls.ListCallsAsync(new ListCallsRequest());
        Assert.Equal(id, Assert.Single(calls.Calls).Id);
    }

    [Fact]
    public async Task A_transcript_batch_appended_in_parallel_stores_each_turn_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await StartCallAsync(tenant);
        var batch = new AppendTranscriptTurnsRequest { CallId = call.Id };
        for (var sequence = 0; sequence < 6; sequence++)
        {
            batch.Turns.Add(new TranscriptTurn
            {
                Sequence = sequence,
                Speaker = sequence % 2 == 0 ? Speaker.Agent : Speaker.Caller,
                Text = $"Turn {sequence}",
                OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow.AddSeconds(sequence)),
            });
        }

        var results = await InParallelAsync(Contenders, _ => tenant.Calls.AppendTranscriptTurnsAsync(batch));

        Assert.Empty(Failed(results));
        Assert.Equal(batch.Turns.Count, Succeeded(results).Sum(r => r.Appended));
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });
        Assert.Equal(batch.Turns.Select(t => (t.Sequence, t.Text)), stored.Transcript.Select(t => (t.Sequence, t.Text)));
    }

    [Fact]
    public async Task A_tool_invocation_recorded_in_parallel_is_stored_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await StartCallAsync(tenant);
        var request = new RecordToolInvocationRequest
        {
            CallId = call.Id,
            ToolCallId = "call_Yh2k9",
            Name = "create_lead",
            ArgumentsJson = """{"name": "Dana Smith"}""",
            Status = ToolInvocationStatus.Succeeded,
            DurationMs = 85,
        };

        var results = await InParallelAsync(Contenders, _ => tenant.Calls.RecordToolInvocationAsync(request));

        Assert.Empty(Failed(results));
        var id = Assert.Single(Succeeded(results).Select(t => t.Id).Distinct());
        var stored = await tenant.Calls.GetCallAsync(new GetCallRequest { Id = call.Id });
        Assert.Equal(id, Assert.Single(stored.ToolInvocations).Id);
    }

    private async Task<TenantClients> OpenBusinessAsync(int slotMinutes, int dailyCap = 0)
    {
        var tenant = await fixture.NewTenantAsync("Hill Country HVAC");
        await SetHoursAsync(tenant, slotMinutes, dailyCap);
        return tenant;
    }

    private static Task SetHoursAsync(TenantClients tenant, int slotMinutes, int dailyCap = 0) =>
        tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest
        {
            Profile = SampleProfiles.OpenEveryDay(OpenHour, CloseHour, slotMinutes, leadTimeMinutes: 0, dailyCap),
        }).ResponseAsync;

    /// <summary>
    /// Every slot of the first whole local day at least three days ahead, as the core offers them; the days at
    /// the edges of the search window are cut short, so they are skipped.
    /// </summary>
    private static async Task<IReadOnlyList<Slot>> WholeDayAsync(TenantClients tenant, int slotCount)
    {
        var from = DateTime.UtcNow.AddDays(3);
        var availability = await tenant.Appointments.GetAvailabilityAsync(new GetAvailabilityRequest
        {
            From = Timestamp.FromDateTime(from),
            To = Timestamp.FromDateTime(from.AddDays(3)),
            MaxSlots = 200,
        });
        return availability.Slots
            .GroupBy(s => s.LocalStart[..10])
            .Select(day => day.ToList())
            .First(day => day.Count == slotCount);
    }

    /// <summary>The booked appointments of the local day of <paramref name="slot"/>, soonest first.</summary>
    private static async Task<IReadOnlyList<Appointment>> BookedAsync(TenantClients tenant, Slot slot)
    {
        var day = slot.LocalStart[..10];
        var around = new TimeRange
        {
            Start = Timestamp.FromDateTime(slot.Start.ToDateTime().AddDays(-1)),
            End = Timestamp.FromDateTime(slot.Start.ToDateTime().AddDays(1)),
        };
        var list = await tenant.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest
        {
            Start = around,
            Status = AppointmentStatus.Booked,
            PageSize = 200,
        });
        return list.Appointments.Where(a => a.LocalStart.StartsWith(day, StringComparison.Ordinal)).ToList();
    }

    private static Task<Call> StartCallAsync(TenantClients tenant) =>
        tenant.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = TestData.UsNumber(),
            ToNumber = TestData.UsNumber(),
        }).ResponseAsync;

    /// <summary>Sends all requests before awaiting any, and collects each answer or error.</summary>
    private static Task<(T? Response, RpcException? Error)[]> InParallelAsync<T>(int count, Func<int, AsyncUnaryCall<T>> send)
        where T : class =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => CaptureAsync(send(i))));

    private static async Task<(T? Response, RpcException? Error)> CaptureAsync<T>(AsyncUnaryCall<T> call)
        where T : class
    {
        using (call)
        {
            try
            {
                return (await call.ResponseAsync, null);
            }
            catch (RpcException ex)
            {
                return (null, ex);
            }
        }
    }

    private static List<T> Succeeded<T>((T? Response, RpcException? Error)[] results)
        where T : class =>
        results.Where(r => r.Response is not null).Select(r => r.Response!).ToList();

    private static List<RpcException> Failed<T>((T? Response, RpcException? Error)[] results)
        where T : class =>
        results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();

    private static void AssertRefused(RpcException ex, string reason)
    {
        Assert.True(ex.StatusCode == StatusCode.AlreadyExists, $"Expected AlreadyExists but got {ex.StatusCode}: {ex.Status.Detail}");
        Assert.Equal(reason, RpcAssert.ErrorInfoOf(ex).Reason);
    }

    private static bool Overlaps(Appointment appointment, Timestamp start, Timestamp end) =>
        appointment.Start < end && start < appointment.End;
}
