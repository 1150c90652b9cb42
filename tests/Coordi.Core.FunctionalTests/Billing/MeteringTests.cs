namespace Coordi.Core.FunctionalTests.Billing;

[Collection(BillingCollection.Name)]
public sealed class MeteringTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_billable_call_is_reported_to_the_meter_once_in_minutes_rounded_up()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);

        var call = await BillingFixture.CallAsync(tenant, seconds: 61);

        var reported = await Eventually.GetAsync(() => Task.FromResult(fixture.Stripe.MeterEvents.Where(e => e.Identifier == call.Id).ToList()),
            events => events.Count > 0, "the call's meter event");
        var meterEvent = Assert.Single(reported);
        Assert.Equal(2, meterEvent.Value);
        Assert.Equal(subscription.CustomerId, meterEvent.CustomerId);
        Assert.Equal(Coordi.Testing.Fakes.FakeStripeApi.MeterEventName, meterEvent.EventName);
        var row = Assert.Single(await Eventually.GetAsync(() => fixture.UsageRowsAsync(tenant.TenantId), rows => rows.All(r => r.Reported), "the row marked sent"));
        Assert.Equal(2, row.Minutes);
        Assert.Equal(2, (await tenant.Billing.GetBillingOverviewAsync(new())).BillableMinutes);
    }

    [Fact]
    public async Task Short_spam_voicemail_and_the_owners_own_calls_are_free()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SubscribeAsync(tenant);
        var ownLine = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });
        var escalation = TestData.UsNumber();
        var business = SampleProfiles.Business();
        business.EscalationContacts.Clear();
        business.EscalationContacts.Add(new EscalationContact { Name = "Owner", Phone = escalation, RingSeconds = 20 });
        await tenant.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = business });

        var free = new[]
        {
            await BillingFixture.CallAsync(tenant, seconds: 9),
            await BillingFixture.CallAsync(tenant, seconds: 300, outcome: CallOutcome.Spam),
            await BillingFixture.CallAsync(tenant, seconds: 45, outcome: CallOutcome.Voicemail),
            await BillingFixture.CallAsync(tenant, seconds: 240, from: ownLine.E164),
            await BillingFixture.CallAsync(tenant, seconds: 120, from: escalation),
        };
        var billed = await BillingFixture.CallAsync(tenant, seconds: 10);

        await Eventually.UntilAsync(() => fixture.Stripe.MeterEvents.Any(e => e.Identifier == billed.Id), "the billable call's meter event");
        Assert.Equal(1, fixture.Stripe.MeterEvents.Single(e => e.Identifier == billed.Id).Value);
        var rows = await fixture.UsageRowsAsync(tenant.TenantId);
        Assert.Equal([billed.Id], rows.Select(r => r.CallId));
        Assert.DoesNotContain(fixture.Stripe.MeterEvents, e => free.Any(c => c.Id == e.Identifier));
        Assert.Equal(1, (await tenant.Billing.GetBillingOverviewAsync(new())).BillableMinutes);
    }

    [Fact]
    public async Task A_later_report_marking_the_call_as_spam_withdraws_its_unsent_usage()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await BillingFixture.CallAsync(tenant, seconds: 90);
        Assert.Single(await fixture.UsageRowsAsync(tenant.TenantId));

        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, Outcome = CallOutcome.Spam });

        Assert.Empty(await fixture.UsageRowsAsync(tenant.TenantId));
        Assert.Equal(BillingFixture.TrialMinutes, (await tenant.Billing.GetBillingOverviewAsync(new())).TrialMinutesLeft);
    }

    [Fact]
    public async Task Trial_minutes_count_against_the_allowance_and_are_never_sent_to_stripe()
    {
        var tenant = await fixture.NewTenantAsync();

        var call = await BillingFixture.CallAsync(tenant, seconds: 125);

        var overview = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(3, overview.BillableMinutes);
        Assert.Equal(BillingFixture.TrialMinutes - 3, overview.TrialMinutesLeft);
        var row = Assert.Single(await fixture.UsageRowsAsync(tenant.TenantId));
        Assert.Null(row.CustomerId);
        Assert.DoesNotContain(fixture.Stripe.MeterEvents, e => e.Identifier == call.Id);
    }

    [Fact]
    public async Task Usage_is_reported_once_when_stripe_got_it_but_the_answer_was_lost()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SubscribeAsync(tenant);
        var requestsBefore = fixture.Stripe.MeterEventRequests;
        // Stripe stores the first two attempts but answers 500: the core cannot know they arrived.
        fixture.Stripe.FailNextMeterEvents(2, recordFirst: true);

        var call = await BillingFixture.CallAsync(tenant, seconds: 150);

        await Eventually.UntilAsync(() => fixture.Stripe.MeterEventRequests > requestsBefore, "a first attempt");
        var first = await Eventually.GetAsync(() => fixture.UsageRowsAsync(tenant.TenantId), rows => rows.Single().Attempts == 1, "the failed attempt recorded");
        Assert.False(first.Single().Reported);
        // The next attempt waits for its backoff: nothing more is sent until the clock passes it.
        fixture.Clock.Advance(TimeSpan.FromMinutes(1));
        await Eventually.GetAsync(() => fixture.UsageRowsAsync(tenant.TenantId), rows => rows.Single().Attempts == 2, "the second failed attempt");
        fixture.Clock.Advance(TimeSpan.FromMinutes(2));

        var sent = await Eventually.GetAsync(() => fixture.UsageRowsAsync(tenant.TenantId), rows => rows.Single().Reported, "the row marked sent");
        Assert.Equal(3, sent.Single().Attempts);
        var meterEvent = Assert.Single(fixture.Stripe.MeterEvents, e => e.Identifier == call.Id);
        Assert.Equal(3, meterEvent.Value);
    }

    [Fact]
    public async Task Usage_survives_a_core_restart_and_is_reported_once()
    {
        var connectionString = await fixture.Cluster.CreateDatabaseAsync("restart_" + Guid.NewGuid().ToString("N")[..8]);
        var settings = fixture.Settings(initialBackoffMilliseconds: 50);
        var core = await CoreServer.StartAsync(connectionString, settings);
        var tenant = await core.NewTenantAsync();
        await BillingFixture.SubscribeAsync(core, fixture.Stripe, tenant);
        var requestsBefore = fixture.Stripe.MeterEventRequests;
        fixture.Stripe.FailNextMeterEvents(int.MaxValue);

        var call = await BillingFixture.CallAsync(tenant, seconds: 30);
        await Eventually.UntilAsync(() => fixture.Stripe.MeterEventRequests > requestsBefore, "an attempt before the restart");
        await Eventually.GetAsync(() => BillingFixture.UsageRowsAsync(connectionString, tenant.TenantId), rows => rows.Single().Attempts > 0, "the failure recorded");
        await core.DisposeAsync();
        var unsent = Assert.Single(await BillingFixture.UsageRowsAsync(connectionString, tenant.TenantId));
        Assert.False(unsent.Reported);

        fixture.Stripe.FailNextMeterEvents(0);
        await using var restarted = await CoreServer.StartAsync(connectionString, settings);

        var sent = await Eventually.GetAsync(() => BillingFixture.UsageRowsAsync(connectionString, tenant.TenantId), rows => rows.Single().Reported, "the row sent after the restart");
        Assert.True(sent.Single().Attempts >= 2);
        var meterEvent = Assert.Single(fixture.Stripe.MeterEvents, e => e.Identifier == call.Id);
        Assert.Equal(1, meterEvent.Value);
    }
}
