using System.Net;
using System.Text;
using Coordi.Testing.Fakes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Coordi.Portal.FunctionalTests.Infrastructure;

/// <summary>Stripe's side of billing: webhook deliveries to the portal and subscribing through the Billing page.</summary>
public static class StripeDeliveries
{
    /// <summary>
    /// Posts an event to the portal's webhook as Stripe does: no cookies, the raw JSON body, and a Stripe-Signature
    /// made with <paramref name="secret"/> (the configured one unless a test forges it); null sends no signature.
    /// </summary>
    public static async Task<(HttpStatusCode Status, string Body)> DeliverAsync(
        PortalFactory portal, string json, string? secret = FakeStripeApi.WebhookSecret, DateTimeOffset? signedAt = null)
    {
        using var stripe = portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe/webhook") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", StripeWebhook.Sign(json, secret, signedAt));
        }

        using var response = await stripe.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task DeliverOkAsync(PortalFactory portal, StripeEventDelivery delivery)
    {
        var (status, body) = await DeliverAsync(portal, delivery.Json);
        Assert.True(status == HttpStatusCode.OK, $"{delivery.Type} answered {(int)status}: {body}");
    }

    /// <summary>A client that does not follow redirects, signed in as <paramref name="email"/>, to see where the portal sends the browser.</summary>
    public static async Task<PortalClient> NonRedirectingClientAsync(PortalFixture fixture, string email)
    {
        var client = new PortalClient(fixture.Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var signedIn = await Owners.SignInAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        return client;
    }

    /// <summary>The owner chooses <paramref name="plan"/> on the Billing page; returns the portal's redirect and the session Stripe created.</summary>
    public static async Task<(PortalPage Redirect, System.Text.Json.Nodes.JsonObject Session)> StartCheckoutAsync(PortalFixture fixture, Owner owner, string plan)
    {
        using var browser = await NonRedirectingClientAsync(fixture, owner.Email);
        var billing = await browser.OpenAsync("/Billing");
        var form = billing.Document.QuerySelector($"tr[data-plan='{plan}'] form") as AngleSharp.Html.Dom.IHtmlFormElement
            ?? throw new InvalidOperationException($"No checkout form for {plan}.");
        var redirect = await browser.SubmitAsync(billing, form);
        var session = fixture.Stripe.CheckoutSessions.Last(s => s["client_reference_id"]?.GetValue<string>() == owner.OrganizationId);
        return (redirect, session);
    }

    /// <summary>Checkout through the portal, payment at (fake) Stripe, and Stripe's signed checkout.session.completed relayed by the portal.</summary>
    public static async Task<(FakeSubscription Subscription, StripeEventDelivery Completed)> SubscribeAsync(PortalFixture fixture, Owner owner, string plan = "starter")
    {
        var (_, session) = await StartCheckoutAsync(fixture, owner, plan);
        var sessionId = session["id"]!.GetValue<string>();
        var subscription = fixture.Stripe.CompleteCheckout(sessionId);
        var completed = fixture.Stripe.Event("checkout.session.completed", fixture.Stripe.CheckoutSessionJson(sessionId));
        await DeliverOkAsync(fixture.Portal, completed);
        return (subscription, completed);
    }
}
