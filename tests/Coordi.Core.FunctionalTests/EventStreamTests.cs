using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class EventStreamTests(CoreFixture fixture)
{
    [Fact]
    public async Task Changes_are_stored_as_events_in_commit_order_with_gap_free_cursors()
    {
        var seeded = await SeededTenant.CreateAsync(fixture, "Ordered Plumbing");
        var (_, reader) = await fixture.NewPartnerAsync(seeded.Clients, ApiKeyScope.Read);

        var events = await EventStreams.ReplayAsync(reader);

        Assert.Equal(
            ["call.started", "lead.created", "appointment.booked", "lead.updated", "call.completed"],
            events.Select(e => e.Type));
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.Cursor));
        Assert.All(events, e => Assert.Equal(seeded.TenantId, e.OrganizationId));
        Assert.Equal(seeded.Call.Id, events[0].Call.Id);
        Assert.Equal(seeded.Lead.Id, events[1].Lead.Id);
        Assert.Equal(seeded.Appointment.Id, events[2].Appointment.Id);
        Assert.Equal(LeadStatus.Booked, events[3].Lead.Status);
        Assert.Equal("status", Assert.Single(events[3].Lead.History).Field);
        Assert.Equal(CallStatus.Completed, events[4].Call.Status);
        Assert.Equal(seeded.Call.Summary, events[4].Call.Summary);
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task Idempotent_retries_and_no_op_updates_write_no_event()
    {
        var seeded = await SeededTenant.CreateAsync(fixture, "Retry Roofing");
        var before = await EventStreams.ReplayAsync(seeded.Clients);

        await seeded.Clients.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = seeded.LeadRequestId, Name = "Dana", Phone = seeded.Lead.Phone });
        await seeded.Clients.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = seeded.Call.TwilioCallSid, FromNumber = seeded.Call.FromNumber, ToNumber = seeded.Call.ToNumber });
        await new CallService.CallServiceClient(fixture.Core.AsVoice(seeded.TenantId)).CompleteCallAsync(new CompleteCallRequest { CallId = seeded.Call.Id, Status = CallStatus.Completed, RecordingRef = "recordings/late.wav" });
        await seeded.Clients.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = seeded.Lead.Id, Lead = new Lead { Name = seeded.Lead.Name }, UpdateMask = { "name" } });
        await seeded.Clients.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = seeded.Appointment.Id, Reason = "Customer called back" });
        await seeded.Clients.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = seeded.Appointment.Id, Reason = "Again" });

        var after = await EventStreams.ReplayAsync(seeded.Clients, before[^1].Cursor);

        var cancelled = Assert.Single(after);
        Assert.Equal("appointment.cancelled", cancelled.Type);
        Assert.Equal(AppointmentStatus.Cancelled, cancelled.Appointment.Status);
        Assert.Equal(before[^1].Cursor + 1, cancelled.Cursor);
    }

    [Fact]
    public async Task A_follower_receives_new_events_live_and_in_order()
    {
        var tenant = await fixture.NewTenantAsync("Live Electric");
        var (_, reader) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        using var stream = reader.Events.StreamEvents(EventStreams.Request());

        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "live-1", Name = "Ann", Phone = TestData.UsNumber() });
        var first = await EventStreams.TakeAsync(stream.ResponseStream, 1, "lead.created");
        await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Status = LeadStatus.Contacted }, UpdateMask = { "status" } });
        var second = await EventStreams.TakeAsync(stream.ResponseStream, 1, "lead.updated");

        Assert.Equal(("lead.created", 1L, lead.Id), (first[0].Type, first[0].Cursor, first[0].Lead.Id));
        Assert.Equal(("lead.updated", 2L, LeadStatus.Contacted), (second[0].Type, second[0].Cursor, second[0].Lead.Status));
    }

    [Fact]
    public async Task Resuming_after_a_forced_disconnect_yields_each_event_exactly_once()
    {
        var tenant = await fixture.NewTenantAsync("Resume HVAC");
        var (key, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        const int writers = 4;
        const int leadsPerWriter = 15;
        const int total = writers * leadsPerWriter;

        // Concurrent writers: commits of one organization interleave while the stream is read and cut.
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < leadsPerWriter; i++)
            {
                await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = $"w{w}-{i}", Name = $"Writer {w} lead {i}", Phone = TestData.UsNumber() });
            }
        })));

        var received = new List<ChangeEvent>();
        long cursor = 0;
        while (received.Count < total)
        {
            // A channel of its own per connection, dropped without a goodbye after a few events.
            using var channel = GrpcChannel.ForAddress(fixture.Core.GrpcAddress);
            var events = new EventService.EventServiceClient(channel.Intercept(m =>
            {
                m.Add("authorization", "Bearer " + key);
                return m;
            }));
            var stream = events.StreamEvents(EventStreams.Request(cursor));
            var batch = await EventStreams.TakeAsync(stream.ResponseStream, Math.Min(7, total - received.Count), "events after the cursor");
            received.AddRange(batch);
            cursor = batch[^1].Cursor;
            channel.Dispose();
        }

        await writing;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), received.Select(e => e.Cursor));
        Assert.Equal(total, received.Select(e => e.Lead.Id).Distinct().Count());
        var stored = await EventStreams.ReplayAsync(tenant);
        Assert.Equal(stored.Select(e => e.Id), received.Select(e => e.Id));
    }

    [Fact]
    public async Task The_type_filter_delivers_only_the_named_types_with_their_own_cursors()
    {
        var seeded = await SeededTenant.CreateAsync(fixture, "Filtered Flooring");

        var leadEvents = await EventStreams.ReplayAsync(seeded.Clients, 0, "lead.created", "lead.updated");
        var afterFirst = await EventStreams.ReplayAsync(seeded.Clients, leadEvents[0].Cursor, "lead.updated");

        Assert.Equal(["lead.created", "lead.updated"], leadEvents.Select(e => e.Type));
        Assert.Equal([2L, 4], leadEvents.Select(e => e.Cursor));
        Assert.Equal(leadEvents[1].Id, Assert.Single(afterFirst).Id);
    }

    [Fact]
    public async Task A_stream_carries_only_the_callers_organization()
    {
        var a = await SeededTenant.CreateAsync(fixture, "Alpha Events");
        var b = await SeededTenant.CreateAsync(fixture, "Bravo Events");
        var (_, partnerOfB) = await fixture.NewPartnerAsync(b.Clients, ApiKeyScope.Read);
        using var live = partnerOfB.Events.StreamEvents(EventStreams.Request(5));

        await a.Clients.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "a-only", Name = "Alpha only", Phone = TestData.UsNumber() });
        await b.Clients.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "b-only", Name = "Bravo only", Phone = TestData.UsNumber() });
        var next = await EventStreams.TakeAsync(live.ResponseStream, 1, "B's next event");
        var replayed = await EventStreams.ReplayAsync(partnerOfB);

        Assert.Equal("Bravo only", next[0].Lead.Name);
        Assert.All(replayed, e => Assert.Equal(b.TenantId, e.OrganizationId));
        Assert.DoesNotContain(replayed, e => e.Lead?.Name == "Alpha only" || e.Call?.Id == a.Call.Id);
        Assert.Equal(6, replayed.Count);
    }

    [Fact]
    public async Task A_partner_may_not_name_another_organization_for_the_stream()
    {
        var a = await fixture.NewTenantAsync("Alpha Forger");
        var b = await fixture.NewTenantAsync("Bravo Target");
        var (key, _) = await fixture.NewPartnerAsync(a, ApiKeyScope.Read);
        var forged = new EventService.EventServiceClient(fixture.Core.AsPartner(key, forgedTenant: b.TenantId));

        using var call = forged.StreamEvents(EventStreams.Request(replayOnly: true));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, () => call.ResponseStream.MoveNext());
        using var anonymous = new EventService.EventServiceClient(fixture.Core.Anonymous()).StreamEvents(EventStreams.Request(replayOnly: true));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, () => anonymous.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task An_unknown_type_or_negative_cursor_is_invalid()
    {
        var tenant = await fixture.NewTenantAsync();

        using var badType = tenant.Events.StreamEvents(EventStreams.Request(0, ["lead.deleted"]));
        var ex = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => badType.ResponseStream.MoveNext());
        Assert.Equal("event_types", RpcAssert.BadRequestOf(ex).FieldViolations.Single().Field);
        using var badCursor = tenant.Events.StreamEvents(EventStreams.Request(-1));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => badCursor.ResponseStream.MoveNext());
    }

    [Fact]
    public async Task A_cursor_past_the_latest_event_is_out_of_range_instead_of_waiting()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        using var none = partner.Events.StreamEvents(EventStreams.Request(1));
        var empty = await RpcAssert.FailsWith(StatusCode.OutOfRange, () => none.ResponseStream.MoveNext());
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "ahead-1", Name = "Ahead", Phone = TestData.UsNumber() });

        // No deadline on the call: the refusal has to come from the core, not from the follower timing out.
        using var ahead = partner.Events.StreamEvents(EventStreams.Request(1000));
        var ex = await RpcAssert.FailsWith(StatusCode.OutOfRange, () => ahead.ResponseStream.MoveNext());
        using var atLatest = partner.Events.StreamEvents(EventStreams.Request(1));
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "ahead-2", Name = "Next", Phone = TestData.UsNumber() });
        var next = await EventStreams.TakeAsync(atLatest.ResponseStream, 1, "the event after the latest cursor");

        Assert.Equal(("CURSOR_AHEAD", "0"), (RpcAssert.ErrorInfoOf(empty).Reason, RpcAssert.ErrorInfoOf(empty).Metadata["latest_cursor"]));
        Assert.Equal(("CURSOR_AHEAD", "1"), (RpcAssert.ErrorInfoOf(ex).Reason, RpcAssert.ErrorInfoOf(ex).Metadata["latest_cursor"]));
        Assert.Contains("Cursor 1000", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2L, Assert.Single(next).Cursor);
    }

    [Fact]
    public async Task A_following_stream_ends_at_its_deadline()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "d1", Name = "Deadline", Phone = TestData.UsNumber() });

        using var call = tenant.Events.StreamEvents(EventStreams.Request(), deadline: DateTime.UtcNow.AddSeconds(3));
        var first = await EventStreams.TakeAsync(call.ResponseStream, 1, "the stored event");
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal("lead.created", first[0].Type);
        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }
}
