using System.Net;
using System.Text;
using Coordi.Testing.Fakes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class StripeWebhookTests(PortalFixture fixture)
{
    [Fact]
    public async Task A_forged_or_unsigned_delivery_is_refused_with_400_and_the_genuine_one_is_applied()
    {
        var owner = await Owners.NewAsync(fixture);
        var (_, session) = await StripeDeliveries.StartCheckoutAsync(fixture, owner, "starter");
        var sessionId = session["id"]!.GetValue<string>();
        fixture.Stripe.CompleteCheckout(sessionId);
        var completed = fixture.Stripe.Event("checkout.session.completed", fixture.Stripe.CheckoutSessionJson(sessionId));

        var forged = await StripeDeliveries.DeliverAsync(fixture.Portal, completed.Json, secret: "whsec_not_the_real_secret");
        var unsigned = await StripeDeliveries.DeliverAsync(fixture.Portal, completed.Json, secret: null);
        var stale = await StripeDeliveries.DeliverAsync(fixture.Portal, completed.Json, signedAt: DateTimeOffset.UtcNow.AddHours(-1));

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Contains("signature", forged.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.BadRequest, unsigned.Status);
        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
        Assert.Equal(BillingStatus.Trialing, (await Overview(owner)).Status);
        // A body changed after signing does not verify either (the signature covers the exact bytes).
        Assert.Equal(HttpStatusCode.BadRequest, await StatusOfTamperedAsync(completed.Json));

        await StripeDeliveries.DeliverOkAsync(fixture.Portal, completed);

        Assert.Equal(BillingStatus.Active, (await Overview(owner)).Status);
        Assert.Equal("Active", (await owner.Client.OpenAsync("/Billing")).Text("#billing-status"));
    }

    [Fact]
    public async Task A_replayed_delivery_is_answered_200_and_applied_only_once()
    {
        var owner = await Owners.NewAsync(fixture);
        var (subscription, completed) = await StripeDeliveries.SubscribeAsync(fixture, owner);
        var invoice = fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id);
        await StripeDeliveries.DeliverOkAsync(fixture.Portal, fixture.Stripe.Event("invoice.payment_failed", invoice, DateTimeOffset.UtcNow.AddSeconds(5)));
        Assert.Equal(BillingStatus.PastDue, (await Overview(owner)).Status);

        // Stripe redelivers the checkout event (same id and body, fresh signature). Applying it again would
        // copy the still-"active" subscription over the failed payment.
        var replay = await StripeDeliveries.DeliverAsync(fixture.Portal, completed.Json);

        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal(BillingStatus.PastDue, (await Overview(owner)).Status);
        Assert.Equal("Past due", (await owner.Client.OpenAsync("/Billing")).Text("#billing-status"));
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413_before_it_reaches_the_core()
    {
        var padding = new string(' ', 300 * 1024);
        var json = "{\"id\":\"evt_big\",\"object\":\"event\",\"padding\":\"" + padding + "\"}";

        var (status, _) = await StripeDeliveries.DeliverAsync(fixture.Portal, json);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);

        // Without a Content-Length the limit still holds.
        using var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe/webhook") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(json)) };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhook.Sign(json, FakeStripeApi.WebhookSecret));
        using var chunked = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.StatusCode);
    }

    [Fact]
    public async Task While_the_core_is_unreachable_stripe_is_asked_to_retry_with_503()
    {
        await using var portal = fixture.CreatePortal($"http://127.0.0.1:{PostgresCluster.FreePort()}");
        var delivery = fixture.Stripe.Event("customer.subscription.updated", new System.Text.Json.Nodes.JsonObject { ["id"] = "sub_unknown", ["object"] = "subscription" });

        var (status, _) = await StripeDeliveries.DeliverAsync(portal, delivery.Json);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
    }

    [Fact]
    public async Task The_webhook_needs_no_session_or_antiforgery_token_and_accepts_events_coordi_does_not_use()
    {
        var delivery = fixture.Stripe.Event("customer.created", new System.Text.Json.Nodes.JsonObject { ["id"] = "cus_unrelated", ["object"] = "customer" });

        var (status, body) = await StripeDeliveries.DeliverAsync(fixture.Portal, delivery.Json);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("{\"id\": \"evt_cut_short\", \"object\": ")]
    [InlineData("[1, 2, 3]")]
    [InlineData("{}")]
    [InlineData("")]
    public async Task A_correctly_signed_body_that_is_not_a_stripe_event_is_refused_with_400(string body)
    {
        // Signed with the real secret: the signature verifies, so only the body itself can be at fault.
        var (status, answer) = await StripeDeliveries.DeliverAsync(fixture.Portal, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("   at ", answer, StringComparison.Ordinal);
    }

    private Task<BillingOverview> Overview(Owner owner) =>
        owner.Core.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest()).ResponseAsync;

    /// <summary>Signs the body, then changes one byte of it before sending.</summary>
    private async Task<HttpStatusCode> StatusOfTamperedAsync(string json)
    {
        var signature = StripeWebhook.Sign(json, FakeStripeApi.WebhookSecret);
        var changed = json.Replace("\"pending_webhooks\":1", "\"pending_webhooks\":2", StringComparison.Ordinal);
        Assert.NotEqual(json, changed);
        using var client = fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe/webhook") { Content = new StringContent(changed, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A body sent without a Content-Length, as a chunked request is.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
