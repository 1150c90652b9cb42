using Coordi.Testing.Fakes;
using Grpc.Core;
using Npgsql;

namespace Coordi.Core.FunctionalTests.Billing;

[Collection(BillingCollection.Name)]
public sealed class WebhookTests(BillingFixture fixture)
{
    [Fact]
    public async Task A_forged_or_tampered_delivery_is_refused_and_changes_nothing()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var failed = fixture.Stripe.Event("invoice.payment_failed", fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id));

        var wrongSecret = StripeWebhook.Sign(failed.Json, "whsec_guessed_by_an_attacker");
        var tampered = failed with { Json = failed.Json.Replace("\"open\"", "\"paid\"") };
        var stale = StripeWebhook.Sign(failed.Json, FakeStripeApi.WebhookSecret, DateTimeOffset.UtcNow.AddHours(-1));

        foreach (var (delivery, signature) in new[]
        {
            (failed, wrongSecret),
            (tampered, StripeWebhook.Sign(failed.Json, FakeStripeApi.WebhookSecret)),
            (failed, stale),
            (failed, "garbage"),
        })
        {
            var ex = await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => fixture.DeliverAsync(delivery, signature));
            Assert.Contains("signature", RpcAssert.BadRequestOf(ex).FieldViolations.Select(v => v.Field));
        }

        Assert.Equal(BillingStatus.Active, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
        Assert.False(await ProcessedAsync(failed.Id));
    }

    [Fact]
    public async Task An_event_for_another_api_version_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var evt = fixture.Stripe.Event("invoice.payment_failed", fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id));
        var oldVersion = evt with { Json = evt.Json.Replace(Stripe.StripeConfiguration.ApiVersion, "2020-08-27") };

        await RpcAssert.FailsWith(StatusCode.InvalidArgument, () => fixture.DeliverAsync(oldVersion));

        Assert.Equal(BillingStatus.Active, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
    }

    [Fact]
    public async Task A_redelivered_event_is_applied_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var failed = fixture.Stripe.Event("invoice.payment_failed", fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id));

        var first = await fixture.DeliverAsync(failed);
        var graceEnd = (await tenant.Billing.GetBillingOverviewAsync(new())).GraceEndsAt;
        var again = await fixture.DeliverAsync(failed);
        var concurrently = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => fixture.DeliverAsync(failed)));

        Assert.True(first.Applied);
        Assert.False(first.AlreadyProcessed);
        Assert.Equal(failed.Id, first.EventId);
        Assert.Equal("invoice.payment_failed", first.EventType);
        Assert.True(again.AlreadyProcessed);
        Assert.False(again.Applied);
        Assert.All(concurrently, r => Assert.True(r.AlreadyProcessed));
        Assert.Equal(graceEnd, (await tenant.Billing.GetBillingOverviewAsync(new())).GraceEndsAt);
        Assert.True(await ProcessedAsync(failed.Id));
    }

    [Fact]
    public async Task Concurrent_first_deliveries_of_one_event_apply_it_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var failed = fixture.Stripe.Event("invoice.payment_failed", fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.DeliverAsync(failed)));

        Assert.Single(results, r => r.Applied);
        Assert.Equal(3, results.Count(r => r.AlreadyProcessed));
    }

    [Fact]
    public async Task Subscription_events_delivered_out_of_order_leave_the_latest_state()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var createdJson = fixture.Stripe.SubscriptionJson(subscription.Id);
        var created = fixture.Stripe.Event("customer.subscription.created", createdJson, fixture.Clock.GetUtcNow().AddMinutes(-10));
        // The owner then cancels at the end of the period in Stripe's portal.
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.CancelAtPeriodEnd = true);
        var updated = fixture.Stripe.Event("customer.subscription.updated", fixture.Stripe.SubscriptionJson(subscription.Id));

        await fixture.DeliverAsync(updated);
        var late = await fixture.DeliverAsync(created);

        var overview = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Active, overview.Status);
        Assert.True(overview.CancelAtPeriodEnd);
        Assert.False(late.AlreadyProcessed);
    }

    [Fact]
    public async Task An_older_payment_failure_does_not_undo_a_newer_payment()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        var invoice = fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id);
        var now = fixture.Clock.GetUtcNow();
        var failed = fixture.Stripe.Event("invoice.payment_failed", invoice, now.AddMinutes(-5));
        invoice["status"] = "paid";
        var paid = fixture.Stripe.Event("invoice.paid", invoice, now);

        await fixture.DeliverAsync(paid);
        var late = await fixture.DeliverAsync(failed);

        Assert.False(late.Applied);
        var overview = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Active, overview.Status);
        Assert.Null(overview.GraceEndsAt);
    }

    [Fact]
    public async Task A_deleted_subscription_cancels_and_a_new_checkout_reactivates()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "canceled");

        await fixture.DeliverAsync(fixture.Stripe.Event("customer.subscription.deleted", fixture.Stripe.SubscriptionJson(subscription.Id)));

        var canceled = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Canceled, canceled.Status);
        Assert.Null(canceled.Plan);
        var denied = await tenant.Billing.AuthorizeCallAsync(new AuthorizeCallRequest { FromNumber = TestData.UsNumber() });
        Assert.Equal(CallDenialReason.NotSubscribed, denied.DenialReason);

        var renewed = await fixture.SubscribeAsync(tenant, "pro");

        var active = await tenant.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Active, active.Status);
        Assert.Equal("pro", active.Plan.Id);
        Assert.Equal(subscription.CustomerId, renewed.CustomerId);
        // A late event of the old subscription does not cancel the new one.
        var lateOld = await fixture.DeliverAsync(fixture.Stripe.Event("customer.subscription.updated", fixture.Stripe.SubscriptionJson(subscription.Id)));
        Assert.False(lateOld.Applied);
        Assert.Equal(BillingStatus.Active, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
    }

    [Fact]
    public async Task An_event_that_cannot_be_confirmed_with_stripe_is_not_recorded_so_its_redelivery_applies()
    {
        var tenant = await fixture.NewTenantAsync();
        var subscription = await fixture.SubscribeAsync(tenant);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "canceled");
        var deleted = fixture.Stripe.Event("customer.subscription.deleted", fixture.Stripe.SubscriptionJson(subscription.Id));

        fixture.Stripe.SubscriptionsUnavailable = true;
        try
        {
            await RpcAssert.FailsWith(StatusCode.Unavailable, () => fixture.DeliverAsync(deleted));
        }
        finally
        {
            fixture.Stripe.SubscriptionsUnavailable = false;
        }

        Assert.Equal(BillingStatus.Active, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
        var redelivered = await fixture.DeliverAsync(deleted);
        Assert.True(redelivered.Applied);
        Assert.Equal(BillingStatus.Canceled, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
    }

    [Fact]
    public async Task Events_for_unknown_customers_and_unused_types_are_acknowledged_without_effect()
    {
        var unknownCustomer = fixture.Stripe.Event("invoice.paid", fixture.Stripe.AddInvoice("cus_nobody", 100, "paid"));
        var unused = fixture.Stripe.Event("customer.created", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_x", ["object"] = "customer" });

        var a = await fixture.DeliverAsync(unknownCustomer);
        var b = await fixture.DeliverAsync(unused);

        Assert.False(a.Applied);
        Assert.False(b.Applied);
        Assert.True((await fixture.DeliverAsync(unknownCustomer)).AlreadyProcessed);
    }

    [Fact]
    public async Task A_webhook_about_one_organization_never_changes_another()
    {
        var tenant = await fixture.NewTenantAsync();
        var bystander = await fixture.NewTenantAsync("Bystander Co");
        var subscription = await fixture.SubscribeAsync(tenant);
        await fixture.SubscribeAsync(bystander);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "canceled");

        await fixture.DeliverAsync(fixture.Stripe.Event("customer.subscription.deleted", fixture.Stripe.SubscriptionJson(subscription.Id)));
        await fixture.DeliverAsync(fixture.Stripe.Event("invoice.payment_failed", fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id)));

        Assert.Equal(BillingStatus.Canceled, (await tenant.Billing.GetBillingOverviewAsync(new())).Status);
        var untouched = await bystander.Billing.GetBillingOverviewAsync(new());
        Assert.Equal(BillingStatus.Active, untouched.Status);
        Assert.Null(untouched.GraceEndsAt);
    }

    [Fact]
    public async Task Only_internal_services_may_relay_webhooks()
    {
        var tenant = await fixture.NewTenantAsync();
        var key = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm", Scope = ApiKeyScope.ReadWrite });
        var partner = new BillingService.BillingServiceClient(fixture.Core.AsPartner(key.Secret));
        var evt = fixture.Stripe.Event("customer.created", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_y", ["object"] = "customer" });

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, partner.HandleStripeWebhookAsync(new HandleStripeWebhookRequest
        {
            Payload = Google.Protobuf.ByteString.CopyFromUtf8(evt.Json),
            Signature = StripeWebhook.Sign(evt.Json, FakeStripeApi.WebhookSecret),
        }));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, new BillingService.BillingServiceClient(fixture.Core.Anonymous())
            .HandleStripeWebhookAsync(new HandleStripeWebhookRequest { Payload = Google.Protobuf.ByteString.CopyFromUtf8(evt.Json), Signature = "t=1,v1=0" }));
    }

    private async Task<bool> ProcessedAsync(string eventId)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM processed_stripe_events WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", eventId);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
