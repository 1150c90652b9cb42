using Coordi.Testing.Fakes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests.Billing;

[Collection(BillingCollection.Name)]
public sealed class GraceAndRestrictionTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_failed_payment_gives_a_grace_period_then_restriction_until_paid()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var (_, partner) = await NewPartnerAsync(tenant);
        var invoice = fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id);
        var failedAt = fixture.Clock.GetUtcNow();

        await fixture.DeliverAsync(fixture.Stripe.Event("invoice.payment_failed", invoice));

        var pastDue = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.PastDue, pastDue.Status);
        Assert.Equal(failedAt.AddDays(BillingFixture.GraceDays).UtcDateTime, pastDue.GraceEndsAt.ToDateTime(), TimeSpan.FromSeconds(1));
        // During the grace period everything keeps working.
        Assert.True((await tenant.Billing.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() })).Allowed);
        await partner.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "In grace", Phone = TestData.UsNumber() });

        fixture.Clock.Advance(TimeSpan.FromDays(BillingFixture.GraceDays) + TimeSpan.FromMinutes(1));

        var restricted = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Restricted, restricted.Status);
        var denied = await tenant.Billing.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        Assert.False(denied.Allowed);
        Assert.Equal(CallDenialReason.Restricted, denied.DenialReason);
        Assert.Contains("Billing page", denied.Message);
        var refused = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            partner.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Restricted", Phone = TestData.UsNumber() }));
        Assert.Equal("ORGANIZATION_RESTRICTED", RpcAssert.ErrorInfoOf(refused).Reason);
        Assert.Contains("read-only", refused.Status.Detail);

        invoice["status"] = "paid";
        await fixture.DeliverAsync(fixture.Stripe.Event("invoice.paid", invoice));

        var restored = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Active, restored.Status);
        Assert.Null(restored.GraceEndsAt);
        Assert.True((await tenant.Billing.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() })).Allowed);
        await partner.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Paid again", Phone = TestData.UsNumber() });
        Assert.Equal(2, (await partner.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads.Count);
    }

    [Fact]
    public async Task A_restricted_organization_is_read_only_but_can_pay_and_its_calls_reach_voicemail()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Before", Phone = TestData.UsNumber() });
        var (_, partner) = await NewPartnerAsync(tenant);
        await Restrict(subscription);

        // Reads keep working, for partners and the portal.
        Assert.Equal(lead.Id, (await partner.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id })).Id);
        Assert.Single((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
        await tenant.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest());
        await tenant.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest());
        await partner.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());

        // Writes from the portal and partners are refused.
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest
        {
            Profile = SampleProfiles.Agent("Hello from a restricted organization."),
        }));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, partner.Leads.UpdateLeadAsync(new UpdateLeadRequest
        {
            Id = lead.Id,
            Lead = new Lead { Notes = "changed" },
            UpdateMask = { "notes" },
        }));
        await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "new", Scope = ApiKeyScope.Read }));
        Assert.Equal("Before", (await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id })).Name);

        // Billing keeps working, so the owner can pay.
        Assert.NotEmpty((await tenant.Billing.CreateCustomerPortalSessionAsync(new CreateCustomerPortalSessionRequest { ReturnUrl = "https://portal.example.com/billing" })).Url);
        await tenant.Billing.SetSpendCapAsync(new SetSpendCapRequest());

        // The voice edge still records the caller who reached voicemail.
        var voice = new TenantClients(tenant.Organization, fixture.Core.AsService(tenant.TenantId, CoreServer.VoiceCredential));
        var call = await voice.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = TestData.UsNumber(), ToNumber = TestData.UsNumber() });
        await voice.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, Outcome = CallOutcome.Voicemail, DurationSeconds = 45 });
        await voice.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Left a voicemail", Phone = TestData.UsNumber(), CallId = call.Id });
        // ... and a call the organization could not take is not billed.
        Assert.DoesNotContain(await fixture.UsageRowsAsync(tenant.TenantId), r => r.CallId == call.Id);
    }

    [Fact]
    public async Task Stripe_giving_up_restricts_without_waiting_for_the_grace_end()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "unpaid");

        await fixture.DeliverAsync(fixture.Stripe.Event("customer.subscription.updated", fixture.Stripe.SubscriptionJson(subscription.Id)));

        Assert.Equal(BillingStatus.Restricted, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Nope", Phone = TestData.UsNumber() }));
        Assert.Equal("ORGANIZATION_RESTRICTED", RpcAssert.ErrorInfoOf(ex).Reason);
    }

    [Fact]
    public async Task Restricting_one_organization_leaves_others_writable()
    {
        var restricted = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync("Healthy Co");
        await Restrict(await fixture.SubscribeAsync(restricted));

        await other.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Fine", Phone = TestData.UsNumber() });
        var (_, otherPartner) = await NewPartnerAsync(other);
        await otherPartner.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Also fine", Phone = TestData.UsNumber() });

        Assert.Equal(2, (await other.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads.Count);
    }

    private async Task Restrict(FakeSubscription subscription)
    {
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "unpaid");
        await fixture.DeliverAsync(fixture.Stripe.Event("customer.subscription.updated", fixture.Stripe.SubscriptionJson(subscription.Id)));
    }

    private async Task<(string Key, TenantClients Clients)> NewPartnerAsync(TenantClients tenant)
    {
        var created = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm-sync", Scope = ApiKeyScope.ReadWrite });
        return (created.Secret, new TenantClients(tenant.Organization, fixture.Core.AsPartner(created.Secret)));
    }
}
