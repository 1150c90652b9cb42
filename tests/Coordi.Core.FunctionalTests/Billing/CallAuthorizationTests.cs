using Grpc.Core;

namespace Coordi.Core.FunctionalTests.Billing;

[Collection(BillingCollection.Name)]
public sealed class CallAuthorizationTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_trial_takes_calls_until_its_minutes_are_used_except_the_owners_tests()
    {
        var tenant = await fixture.NewTenantAsync();
        var voice = VoiceEdge(tenant);
        var ownLine = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });

        var first = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        await BillingFixture.CallAsync(tenant, seconds: 4 * 60 + 30);
        var usedUp = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        var ownerTest = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = ownLine.E164 });

        Assert.True(first.Allowed);
        Assert.Equal(BillingStatus.Trialing, first.Status);
        Assert.Equal(2, first.ConcurrentCallCap);
        Assert.False(usedUp.Allowed);
        Assert.Equal(CallDenialReason.TrialEnded, usedUp.DenialReason);
        Assert.Contains("trial", usedUp.Message);
        Assert.True(ownerTest.Allowed);
        Assert.True(ownerTest.OwnerTestCall);
        Assert.Equal(0, (await tenant.Billing.GetBillingOverviewAsync(new())).TrialMinutesLeft);
    }

    [Fact]
    public async Task A_trial_ends_after_its_days_even_with_minutes_left()
    {
        var tenant = await fixture.NewTenantAsync();

        fixture.Clock.Advance(TimeSpan.FromDays(15));

        var denied = await VoiceEdge(tenant).AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        Assert.Equal(CallDenialReason.TrialEnded, denied.DenialReason);
        Assert.Equal(BillingFixture.TrialMinutes, (await tenant.Billing.GetBillingOverviewAsync(new())).TrialMinutesLeft);
    }

    [Fact]
    public async Task The_concurrent_call_cap_counts_the_organizations_live_calls()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync("Busy Neighbour");
        var voice = VoiceEdge(tenant);
        var live = new List<Call>();
        for (var i = 0; i < 2; i++)
        {
            live.Add(await tenant.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = TestData.UsNumber(), ToNumber = TestData.UsNumber() }));
        }

        // Another organization's calls never count.
        await other.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = TestData.UsNumber(), ToNumber = TestData.UsNumber() });

        var full = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        var itself = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber(), TwilioCallSid = live[1].TwilioCallSid });
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = live[0].Id, Status = CallStatus.Completed, DurationSeconds = 5 });
        var freed = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });

        Assert.False(full.Allowed);
        Assert.Equal(CallDenialReason.ConcurrentCapReached, full.DenialReason);
        Assert.Equal(2, full.LiveCalls);
        Assert.True(itself.Allowed);
        Assert.Equal(1, itself.LiveCalls);
        Assert.True(freed.Allowed);
        var neighbour = await VoiceEdge(other).AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        Assert.True(neighbour.Allowed);
        Assert.Equal(1, neighbour.LiveCalls);
    }

    [Fact]
    public async Task Reaching_the_spend_cap_sends_the_next_call_to_voicemail()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SubscribeAsync(tenant);
        // The monthly price plus one overage minute.
        var cap = BillingFixture.StarterPriceMinor + BillingFixture.StarterOverageMinor;
        var set = await tenant.Billing.SetSpendCapAsync(new SetSpendCapRequest { SpendCapMinorUnits = cap });
        Assert.Equal(cap, set.SpendCap.MinorUnits);
        var voice = VoiceEdge(tenant);

        await BillingFixture.CallAsync(tenant, seconds: 3 * 60);
        var withinIncluded = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        await BillingFixture.CallAsync(tenant, seconds: 50);
        var atCap = await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });

        Assert.True(withinIncluded.Allowed);
        Assert.False(atCap.Allowed);
        Assert.Equal(CallDenialReason.SpendCapReached, atCap.DenialReason);
        var overview = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.True(overview.SpendCapReached);
        Assert.Equal(4, overview.BillableMinutes);
        Assert.Equal(BillingFixture.StarterOverageMinor, overview.OverageEstimate.MinorUnits);
        Assert.Equal(cap, overview.UpcomingInvoiceEstimate.MinorUnits);

        var lifted = await tenant.Billing.SetSpendCapAsync(new SetSpendCapRequest());
        Assert.Null(lifted.SpendCap);
        Assert.True((await voice.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() })).Allowed);
    }

    [Fact]
    public async Task A_spend_cap_must_be_positive()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Billing.SetSpendCapAsync(new SetSpendCapRequest { SpendCapMinorUnits = 0 }), "spend_cap_minor_units");
    }

    [Fact]
    public async Task Parallel_assignments_cannot_both_take_the_last_place_under_the_number_cap()
    {
        var tenant = await fixture.NewTenantAsync();

        var attempts = Enumerable.Range(0, 10)
            .Select(_ => tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() }).ResponseAsync)
            .ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                await a;
                return StatusCode.OK;
            }
            catch (RpcException ex)
            {
                return ex.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.Equal(9, outcomes.Count(o => o == StatusCode.FailedPrecondition));
        Assert.Single((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Fact]
    public async Task The_plan_caps_the_number_of_phone_numbers()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() }));
        Assert.Equal("NUMBER_CAP_REACHED", RpcAssert.ErrorInfoOf(ex).Reason);

        await fixture.SubscribeAsync(tenant, "pro");
        for (var i = 0; i < 4; i++)
        {
            await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });
        }

        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() }));
        Assert.Equal(5, (await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers.Count);
    }

    [Fact]
    public async Task Usage_and_caps_are_per_organization()
    {
        var busy = await fixture.NewTenantAsync();
        var quiet = await fixture.NewTenantAsync("Quiet Co");

        await BillingFixture.CallAsync(busy, seconds: 5 * 60);

        Assert.False((await VoiceEdge(busy).AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() })).Allowed);
        Assert.True((await VoiceEdge(quiet).AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() })).Allowed);
        Assert.Equal(0, (await quiet.Billing.GetBillingOverviewAsync(new())).BillableMinutes);
    }

    private BillingService.BillingServiceClient VoiceEdge(TenantClients tenant) =>
        new(fixture.Core.AsService(tenant.TenantId, CoreServer.VoiceCredential));
}
