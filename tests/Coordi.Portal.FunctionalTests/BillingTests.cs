using System.Net;
using Coordi.Testing.Fakes;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class BillingTests(PortalFixture fixture)
{
    [Fact]
    public async Task The_owner_sees_the_trial_and_the_plans_and_a_member_may_not_open_billing()
    {
        var owner = await Owners.NewAsync(fixture);

        var page = await owner.Client.OpenAsync("/Billing");

        Assert.Equal("Billing", page.Heading);
        Assert.Equal("Free trial", page.Text("#billing-status"));
        Assert.Equal("30", page.Text("#trial-minutes-left"));
        Assert.Equal("0", page.Text("#billable-minutes"));
        Assert.Equal("30", page.Text("#included-minutes"));
        Assert.Contains("Starter", page.Text("tr[data-plan=starter]"), StringComparison.Ordinal);
        Assert.Contains("$49.00", page.Text("tr[data-plan=starter]"), StringComparison.Ordinal);
        Assert.Equal("Choose Pro", page.Text("tr[data-plan=pro] button"));
        Assert.Null(page.Document.QuerySelector("#invoices"));
        Assert.Null(page.Document.QuerySelector("#portal-form"));
        Assert.Null(page.Document.QuerySelector("#billing-banner"));
        Assert.Contains("/Billing", NavLinks(page));

        using var member = await NewMemberAsync(owner);
        var refused = await member.GetAsync("/Billing");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("Not available to you", refused.Heading);
        var dashboard = await member.OpenAsync("/");
        Assert.DoesNotContain("/Billing", NavLinks(dashboard));

        // A member with a valid antiforgery token still cannot start a checkout by posting directly.
        var token = dashboard.Value("form.signout input[name=__RequestVerificationToken]")!;
        var post = await member.PostRawAsync("/Billing?handler=Checkout", [new("__RequestVerificationToken", token), new("planId", "pro")]);
        Assert.Equal(HttpStatusCode.Forbidden, post.Status);
        Assert.DoesNotContain(fixture.Stripe.CheckoutSessions, s => s["client_reference_id"]?.GetValue<string>() == owner.OrganizationId);
    }

    [Fact]
    public async Task Choosing_a_plan_sends_the_owner_to_the_checkout_page_stripe_created()
    {
        var owner = await Owners.NewAsync(fixture);

        var (redirect, session) = await StripeDeliveries.StartCheckoutAsync(fixture, owner, "pro");

        Assert.Equal(HttpStatusCode.Redirect, redirect.Status);
        Assert.Equal(session["url"]!.GetValue<string>(), redirect.Response.Headers.Location!.ToString());
        Assert.StartsWith("https://checkout.stripe.test/", redirect.Response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("http://localhost/Billing?checkout=success", session["success_url"]!.GetValue<string>());
        Assert.Equal("http://localhost/Billing?checkout=canceled", session["cancel_url"]!.GetValue<string>());
        Assert.Contains(FakeStripeApi.ProPriceId, session["_prices"]!.AsArray().Select(p => p!.GetValue<string>()));

        var back = await owner.Client.OpenAsync("/Billing?checkout=canceled");
        Assert.Contains("Checkout was canceled", back.Text(".alert-ok"), StringComparison.Ordinal);
        Assert.Equal("Free trial", back.Text("#billing-status"));
    }

    [Fact]
    public async Task After_checkout_the_page_shows_the_plan_usage_estimate_and_invoices_and_opens_the_customer_portal()
    {
        var owner = await Owners.NewAsync(fixture);
        var (subscription, _) = await StripeDeliveries.SubscribeAsync(fixture, owner, "starter");
        fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "paid", subscription.Id);

        var page = await owner.Client.OpenAsync("/Billing?checkout=success");

        Assert.Contains("Thank you", page.Text(".alert-ok"), StringComparison.Ordinal);
        Assert.Equal("Active", page.Text("#billing-status"));
        Assert.Equal("Starter", page.Text("#plan-name"));
        Assert.Equal("100", page.Text("#included-minutes"));
        Assert.Equal("$49.00", page.Text("#upcoming-invoice"));
        Assert.Null(page.Document.QuerySelector("#plans"));
        var invoice = page.Text("#invoices tbody tr");
        Assert.Contains("COORDI-", invoice, StringComparison.Ordinal);
        Assert.Contains("$49.00", invoice, StringComparison.Ordinal);
        Assert.Contains("Paid", invoice, StringComparison.Ordinal);
        Assert.StartsWith("https://invoice.stripe.test/", page.Document.QuerySelector("#invoices tbody a")!.GetAttribute("href"), StringComparison.Ordinal);

        using var browser = await StripeDeliveries.NonRedirectingClientAsync(fixture, owner.Email);
        var billing = await browser.OpenAsync("/Billing");
        var portal = await browser.SubmitAsync(billing, "#portal-form");
        Assert.Equal(HttpStatusCode.Redirect, portal.Status);
        Assert.StartsWith("https://billing.stripe.test/", portal.Response.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Contains(subscription.CustomerId, fixture.Stripe.PortalSessionCustomers);
    }

    [Theory]
    [InlineData("", "Enter a monthly amount, e.g. 200. To have no cap, use \"Remove cap\".")]
    [InlineData("lots", "Enter the cap as an amount, e.g. 200 or 200.50.")]
    [InlineData("0", "The cap must be more than zero.")]
    [InlineData("-5", "Enter the cap as an amount, e.g. 200 or 200.50.")]
    [InlineData("12.345", "Use at most two decimal places.")]
    [InlineData("2000000", "The cap can be at most 1,000,000.")]
    public async Task An_invalid_spend_cap_is_explained_next_to_the_field(string amount, string message)
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Billing");

        var after = await owner.Client.SubmitAsync(page, "#spend-cap-form", new Dictionary<string, string> { ["Input.Amount"] = amount });

        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(message, after.FieldError("Input.Amount"));
        var overview = await owner.Core.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());
        Assert.Null(overview.SpendCap);
    }

    [Fact]
    public async Task The_owner_sets_and_removes_a_spend_cap()
    {
        var owner = await Owners.NewAsync(fixture);
        var page = await owner.Client.OpenAsync("/Billing");

        var saved = await owner.Client.SubmitAsync(page, "#spend-cap-form", new Dictionary<string, string> { ["Input.Amount"] = "$1,250.50" });

        Assert.Contains("Spend cap set to $1,250.50 a month.", saved.Text(".alert-ok"), StringComparison.Ordinal);
        Assert.Equal("1250.50", saved.Value("#Input_Amount"));
        Assert.Equal(1_250_50, (await owner.Core.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest())).SpendCap.MinorUnits);

        var removed = await owner.Client.SubmitAsync(saved, "#remove-cap-form");

        Assert.Contains("Spend cap removed.", removed.Text(".alert-ok"), StringComparison.Ordinal);
        Assert.Contains("No cap", removed.Text("#current-cap"), StringComparison.Ordinal);
        Assert.Null((await owner.Core.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest())).SpendCap);
    }

    [Fact]
    public async Task A_restricted_organization_shows_a_read_only_banner_refuses_changes_with_a_message_and_recovers_when_paid()
    {
        var owner = await Owners.NewAsync(fixture);
        using var member = await NewMemberAsync(owner);
        var (subscription, _) = await StripeDeliveries.SubscribeAsync(fixture, owner);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "unpaid");
        await StripeDeliveries.DeliverOkAsync(fixture.Portal, fixture.Stripe.Event("customer.subscription.updated", fixture.Stripe.SubscriptionJson(subscription.Id), DateTimeOffset.UtcNow.AddSeconds(5)));

        foreach (var url in new[] { "/", "/Calls", "/Leads", "/Settings" })
        {
            var page = await owner.Client.OpenAsync(url);
            Assert.Equal("billing-restricted", page.Document.QuerySelector("#billing-banner")?.GetAttribute("data-kind"));
            Assert.Equal("/Billing", page.Document.QuerySelector("#billing-banner a")?.GetAttribute("href"));
        }

        var memberView = await member.OpenAsync("/Leads");
        Assert.Contains("Ask an owner", memberView.Text("#billing-banner"), StringComparison.Ordinal);
        Assert.Contains("read-only", (await owner.Client.OpenAsync("/Billing")).Text("#status-detail"), StringComparison.Ordinal);
        Assert.Equal("Restricted", (await owner.Client.OpenAsync("/Billing")).Text("#billing-status"));

        // A change the core refuses brings the owner back to the page with the reason, not to an error page.
        var settings = await owner.Client.OpenAsync("/Settings");
        var refused = await owner.Client.SubmitAsync(settings, "#settings-form", new Dictionary<string, string> { ["Input.Name"] = "Renamed While Unpaid" });
        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.Equal("/Settings", refused.Url.AbsolutePath);
        Assert.Contains("read-only", refused.Text("#read-only-notice"), StringComparison.Ordinal);
        Assert.Equal("Acme Plumbing", (await owner.Core.Organizations.GetOrganizationAsync(new GetOrganizationRequest())).Name);
        var keys = await owner.Client.OpenAsync("/ApiKeys");
        var noKey = await owner.Client.SubmitAsync(keys, "#create-key-form", new Dictionary<string, string> { ["Input.Name"] = "CRM sync" });
        Assert.Equal("/ApiKeys", noKey.Url.AbsolutePath);
        Assert.Contains("read-only", noKey.Text("#read-only-notice"), StringComparison.Ordinal);
        Assert.Empty((await owner.Core.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);

        // The spend cap and paying stay possible: that is how the owner gets out.
        var billing = await owner.Client.OpenAsync("/Billing");
        var capped = await owner.Client.SubmitAsync(billing, "#spend-cap-form", new Dictionary<string, string> { ["Input.Amount"] = "300" });
        Assert.Contains("Spend cap set to $300.00", capped.Text(".alert-ok"), StringComparison.Ordinal);
        var invoice = fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "paid", subscription.Id);
        fixture.Stripe.UpdateSubscription(subscription.Id, s => s.Status = "active");
        await StripeDeliveries.DeliverOkAsync(fixture.Portal, fixture.Stripe.Event("invoice.paid", invoice, DateTimeOffset.UtcNow.AddSeconds(10)));

        var restored = await owner.Client.OpenAsync("/Settings");
        Assert.Null(restored.Document.QuerySelector("#billing-banner"));
        var renamed = await owner.Client.SubmitAsync(restored, "#settings-form", new Dictionary<string, string> { ["Input.Name"] = "Acme Plumbing Paid Up" });
        Assert.Contains("Settings saved.", renamed.Text(".alert-ok"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_past_due_organization_keeps_working_and_every_page_says_until_when()
    {
        var owner = await Owners.NewAsync(fixture);
        var (subscription, _) = await StripeDeliveries.SubscribeAsync(fixture, owner);
        var invoice = fixture.Stripe.AddInvoice(subscription.CustomerId, 49_00, "open", subscription.Id);

        await StripeDeliveries.DeliverOkAsync(fixture.Portal, fixture.Stripe.Event("invoice.payment_failed", invoice, DateTimeOffset.UtcNow.AddSeconds(5)));

        var overview = await owner.Core.Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest());
        Assert.Equal(BillingStatus.PastDue, overview.Status);
        var graceEnd = TimeZoneInfo.ConvertTime(overview.GraceEndsAt.ToDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"))
            .ToString("MMM d, yyyy", System.Globalization.CultureInfo.InvariantCulture);
        var dashboard = await owner.Client.OpenAsync("/");
        Assert.Equal("billing-past-due", dashboard.Document.QuerySelector("#billing-banner")?.GetAttribute("data-kind"));
        Assert.Contains(graceEnd, dashboard.Text("#billing-banner"), StringComparison.Ordinal);
        var billing = await owner.Client.OpenAsync("/Billing");
        Assert.Equal("Past due", billing.Text("#billing-status"));
        Assert.Equal(graceEnd, billing.Text("#grace-ends"));

        // Writes still work during the grace period.
        var settings = await owner.Client.OpenAsync("/Settings");
        var saved = await owner.Client.SubmitAsync(settings, "#settings-form", new Dictionary<string, string> { ["Input.Name"] = "Acme Plumbing Late" });
        Assert.Contains("Settings saved.", saved.Text(".alert-ok"), StringComparison.Ordinal);
    }

    private static IReadOnlyList<string?> NavLinks(PortalPage page) =>
        page.Document.QuerySelectorAll("nav[aria-label=Main] a").Select(a => a.GetAttribute("href")).ToList();

    private async Task<PortalClient> NewMemberAsync(Owner owner)
    {
        var email = Owners.NewEmail("member");
        var team = await owner.Client.OpenAsync("/Team");
        await owner.Client.SubmitAsync(team, "#invite-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Role"] = "Member" });
        var member = fixture.Portal.NewClient();
        var accept = await member.OpenAsync(fixture.Mail.LinkTo(email, "/Account/AcceptInvite"));
        await member.SubmitAsync(accept, "main form", new Dictionary<string, string> { ["Input.Name"] = "Sam Member", ["Input.Password"] = Owners.Password });
        return member;
    }
}
