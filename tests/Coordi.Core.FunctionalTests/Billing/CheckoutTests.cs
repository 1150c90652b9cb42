using Grpc.Core;

namespace Coordi.Core.FunctionalTests.Billing;

[Collection(BillingCollection.Name)]
public sealed class CheckoutTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_new_organization_is_on_trial_with_the_plans_to_choose_from()
    {
        var tenant = await fixture.NewTenantAsync();

        var overview = await tenant.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());

        Assert.Equal(BillingStatus.Trialing, overview.Status);
        Assert.Null(overview.Plan);
        Assert.Equal(BillingFixture.TrialMinutes, overview.TrialMinutesLeft);
        Assert.Equal(tenant.Organization.CreatedAt.ToDateTime().AddDays(14), overview.TrialEndsAt.ToDateTime());
        Assert.False(overview.HasCustomer);
        Assert.Equal(["starter", "pro"], overview.AvailablePlans.Select(p => p.Id));
        var starter = overview.AvailablePlans[0];
        Assert.Equal(BillingFixture.StarterPriceMinor, starter.MonthlyPrice.MinorUnits);
        Assert.Equal("USD", starter.MonthlyPrice.Currency);
        Assert.Equal(BillingFixture.StarterIncludedMinutes, starter.IncludedMinutes);
    }

    [Fact]
    public async Task Checkout_then_stripes_webhooks_make_the_subscription_active()
    {
        var tenant = await fixture.NewTenantAsync("Checkout Plumbing");

        var session = await tenant.Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            PlanId = "pro",
            SuccessUrl = "https://portal.example.com/billing?checkout=done",
            CancelUrl = "https://portal.example.com/billing",
        });

        Assert.StartsWith("https://checkout.stripe.test/", session.Url);
        var stripeSession = fixture.Stripe.CheckoutSessionJson(session.Id);
        Assert.Equal(tenant.TenantId, stripeSession["client_reference_id"]!.GetValue<string>());
        var customerId = stripeSession["customer"]!.GetValue<string>();
        var customer = Assert.Single(fixture.Stripe.Customers, c => c["id"]!.GetValue<string>() == customerId);
        Assert.Equal("Checkout Plumbing", customer["name"]!.GetValue<string>());
        Assert.Equal(tenant.TenantId, customer["metadata"]!["coordi_tenant_id"]!.GetValue<string>());
        // Until Stripe confirms payment, nothing changes.
        Assert.Equal(BillingStatus.Trialing, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);

        var subscription = fixture.Stripe.CompleteCheckout(session.Id);
        var completed = await fixture.DeliverAsync(fixture.Stripe.Event("checkout.session.completed", fixture.Stripe.CheckoutSessionJson(session.Id)));
        var created = await fixture.DeliverAsync(fixture.Stripe.Event("customer.subscription.created", fixture.Stripe.SubscriptionJson(subscription.Id)));

        Assert.True(completed.Applied);
        Assert.True(created.Applied);
        var overview = await tenant.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());
        Assert.Equal(BillingStatus.Active, overview.Status);
        Assert.Equal("pro", overview.Plan.Id);
        Assert.True(overview.HasCustomer);
        Assert.Equal(subscription.PeriodStart.ToUnixTimeSeconds(), overview.CurrentPeriod.Start.Seconds);
        Assert.Equal(subscription.PeriodEnd.ToUnixTimeSeconds(), overview.CurrentPeriod.End.Seconds);
        Assert.Equal(overview.Plan.MonthlyPrice.MinorUnits, overview.UpcomingInvoiceEstimate.MinorUnits);
        Assert.Equal(5, overview.PhoneNumberCap);
    }

    [Fact]
    public async Task Invoices_and_the_customer_portal_come_from_the_organizations_own_customer()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync("Other Co");
        var subscription = await fixture.SubscribeAsync(tenant);
        var othersSubscription = await fixture.SubscribeAsync(other);
        for (var i = 0; i < 3; i++)
        {
            fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "paid", subscription.Id);
        }

        fixture.Stripe.AddInvoice(othersSubscription.CustomerId, 99_00, "open");

        var first = await tenant.Billing.ListInvoicesAsync(new ListInvoicesRequest { PageSize = 2 });
        var second = await tenant.Billing.ListInvoicesAsync(new ListInvoicesRequest { PageSize = 2, PageToken = first.NextPageToken });

        Assert.Equal(2, first.Invoices.Count);
        Assert.NotEmpty(first.NextPageToken);
        Assert.Single(second.Invoices);
        Assert.Empty(second.NextPageToken);
        var all = first.Invoices.Concat(second.Invoices).ToList();
        Assert.Equal(3, all.Select(i => i.Id).Distinct().Count());
        Assert.All(all, i =>
        {
            Assert.Equal("paid", i.Status);
            Assert.Equal(49_00, i.AmountPaid.MinorUnits);
            Assert.Equal("USD", i.AmountDue.Currency);
            Assert.StartsWith("https://invoice.stripe.test/", i.HostedInvoiceUrl);
        });

        var portal = await tenant.Billing.CreateCustomerPortalSessionAsync(new CreateCustomerPortalSessionRequest { ReturnUrl = "https://portal.example.com/billing" });

        Assert.StartsWith("https://billing.stripe.test/", portal.Url);
        Assert.Equal(subscription.CustomerId, fixture.Stripe.PortalSessionCustomers[^1]);
    }

    [Fact]
    public async Task A_trial_organization_has_no_invoices_and_no_customer_portal()
    {
        var tenant = await fixture.NewTenantAsync();

        Assert.Empty((await tenant.Billing.ListInvoicesAsync(new ListInvoicesRequest())).Invoices);
        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition,
            tenant.Billing.CreateCustomerPortalSessionAsync(new CreateCustomerPortalSessionRequest { ReturnUrl = "https://portal.example.com/billing" }));
        Assert.Equal("NO_CUSTOMER", RpcAssert.ErrorInfoOf(ex).Reason);
    }

    [Fact]
    public async Task Checkout_names_an_invalid_plan_or_url()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            PlanId = "platinum",
            SuccessUrl = "/billing",
            CancelUrl = "javascript:alert(1)",
        }), "plan_id", "success_url", "cancel_url");
        Assert.DoesNotContain(fixture.Stripe.Customers, c => c["metadata"]!["coordi_tenant_id"]?.GetValue<string>() == tenant.TenantId);
    }

    [Fact]
    public async Task A_subscribed_organization_cannot_start_a_second_subscription()
    {
        var tenant = await fixture.NewTenantAsync();
        await fixture.SubscribeAsync(tenant);

        var ex = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, tenant.Billing.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            PlanId = "pro",
            SuccessUrl = "https://portal.example.com/billing",
            CancelUrl = "https://portal.example.com/billing",
        }));

        Assert.Equal("ALREADY_SUBSCRIBED", RpcAssert.ErrorInfoOf(ex).Reason);
    }

    [Fact]
    public async Task Two_checkouts_reuse_one_stripe_customer()
    {
        var tenant = await fixture.NewTenantAsync();
        var request = new CreateCheckoutSessionRequest
        {
            PlanId = "starter",
            SuccessUrl = "https://portal.example.com/billing",
            CancelUrl = "https://portal.example.com/billing",
        };

        var sessions = await Task.WhenAll(
            tenant.Billing.CreateCheckoutSessionAsync(request).ResponseAsync,
            tenant.Billing.CreateCheckoutSessionAsync(request).ResponseAsync);

        var customers = sessions.Select(s => fixture.Stripe.CheckoutSessionJson(s.Id)["customer"]!.GetValue<string>()).Distinct();
        Assert.Single(customers);
        Assert.Single(fixture.Stripe.Customers, c => c["metadata"]!["coordi_tenant_id"]?.GetValue<string>() == tenant.TenantId);
    }
}
