using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Coordi.Core.Webhooks;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class WebhookTests(CoreFixture fixture) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_delivery_is_signed_as_documented_and_carries_the_event()
    {
        var tenant = await fixture.NewTenantAsync("Signed Plumbing");
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.ReadWrite);
        var created = await partner.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest
        {
            Url = _receiver.Url("signed"),
            EventTypes = { "lead.created" },
        });

        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "sig-1", Name = "Signe", Phone = TestData.UsNumber() });
        var delivery = (await Eventually.GetAsync(() => Task.FromResult(_receiver.For("signed")), r => r.Count >= 1, "the delivery"))[0];

        // The documented check: split the header, HMAC-SHA256 the text "<t>.<raw body>" with the secret, compare hex.
        var parts = delivery.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var t = long.Parse(parts["t"], CultureInfo.InvariantCulture);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(created.Secret), Encoding.UTF8.GetBytes($"{t}.{delivery.Body}")));
        Assert.Equal(expected, parts["v1"]);
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - t, -300, 300);
        Assert.StartsWith("whsec_", created.Secret);

        var body = JsonParser.Default.Parse<ChangeEvent>(delivery.Body);
        Assert.Equal(("lead.created", lead.Id, tenant.TenantId), (body.Type, body.Lead.Id, body.OrganizationId));
        Assert.Equal(body.Id, delivery.EventId);
        Assert.Equal("lead.created", delivery.EventType);
        var streamed = Assert.Single(await EventStreams.ReplayAsync(tenant));
        Assert.Equal(streamed.Id, body.Id);

        var log = await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { EndpointId = created.Endpoint.Id })).Deliveries,
            d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Succeeded, "the delivery to be logged as succeeded");
        Assert.Equal((1, 200, body.Id, body.Cursor), (log[0].AttemptCount, log[0].ResponseCode, log[0].EventId, log[0].EventCursor));
    }

    [Fact]
    public async Task A_replayed_tampered_or_re_signed_delivery_is_detected()
    {
        var tenant = await fixture.NewTenantAsync("Replay Roofing");
        var created = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("replay") });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "replay-1", Name = "Rey", Phone = TestData.UsNumber() });
        var delivery = (await Eventually.GetAsync(() => Task.FromResult(_receiver.For("replay")), r => r.Count >= 1, "the delivery"))[0];
        var tolerance = TimeSpan.FromMinutes(5);
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(long.Parse(delivery.Signature.Split(',')[0][2..], CultureInfo.InvariantCulture));
        var seenEventIds = new HashSet<string>();

        Assert.True(WebhookSignature.Verify(created.Secret, delivery.Signature, delivery.Body, sentAt, tolerance));
        Assert.True(seenEventIds.Add(delivery.EventId));

        // The same request captured and sent again: stale after the tolerance, and a known event id within it.
        Assert.False(WebhookSignature.Verify(created.Secret, delivery.Signature, delivery.Body, sentAt + tolerance + TimeSpan.FromSeconds(1), tolerance));
        Assert.False(seenEventIds.Add(delivery.EventId));
        // A fresh timestamp on the old signature, a changed body, or a signature made without the secret all fail.
        var freshTime = delivery.Signature.Replace($"t={sentAt.ToUnixTimeSeconds()}", $"t={sentAt.ToUnixTimeSeconds() + 60}", StringComparison.Ordinal);
        Assert.False(WebhookSignature.Verify(created.Secret, freshTime, delivery.Body, sentAt, tolerance));
        Assert.False(WebhookSignature.Verify(created.Secret, delivery.Signature, delivery.Body.Replace("Rey", "Eve", StringComparison.Ordinal), sentAt, tolerance));
        var forged = WebhookSignature.Sign("whsec_guessed", sentAt.ToUnixTimeSeconds(), delivery.Body);
        Assert.False(WebhookSignature.Verify(created.Secret, forged, delivery.Body, sentAt, tolerance));
    }

    [Fact]
    public async Task A_delivery_answered_500_is_retried_until_it_succeeds()
    {
        var tenant = await fixture.NewTenantAsync("Retry HVAC");
        var created = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("flaky", 200, 500, 503) });

        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "flaky-1", Name = "Flo", Phone = TestData.UsNumber() });
        var log = await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries,
            d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Succeeded, "the delivery to succeed after retries");

        var attempts = _receiver.For("flaky");
        Assert.Equal(3, attempts.Count);
        Assert.Single(attempts.Select(a => a.EventId).Distinct());
        Assert.All(attempts, a => Assert.True(WebhookSignature.Verify(created.Secret, a.Signature, a.Body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
        Assert.Equal((3, 200, ""), (log[0].AttemptCount, log[0].ResponseCode, log[0].LastError));
        var endpoint = Assert.Single((await tenant.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints);
        Assert.Equal((true, 0), (endpoint.Enabled, endpoint.ConsecutiveFailures));
    }

    [Fact]
    public async Task A_delivery_that_times_out_is_retried()
    {
        var tenant = await fixture.NewTenantAsync("Slow Electric");
        await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("slow", 200, WebhookReceiver.Hang) });

        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "slow-1", Name = "Sol", Phone = TestData.UsNumber() });
        var log = await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries,
            d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Succeeded, "the delivery to succeed after a timeout", TimeSpan.FromSeconds(30));

        Assert.Equal(2, log[0].AttemptCount);
        Assert.Equal(2, _receiver.For("slow").Count);
    }

    [Fact]
    public async Task No_delivery_is_attempted_after_the_endpoint_is_removed()
    {
        var tenant = await fixture.NewTenantAsync("Removed Flooring");
        var removed = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("removed", 500) });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "rm-1", Name = "Remy", Phone = TestData.UsNumber() });
        await Eventually.UntilAsync(() => _receiver.For("removed").Count >= 2, "the failing delivery to be retried");

        await tenant.Webhooks.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Id = removed.Endpoint.Id });
        var attemptsAtRemoval = _receiver.For("removed").Count;
        // A control endpoint failing the same way: while it is retried three times, the removed one would have been too.
        await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("control", 500) });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "rm-2", Name = "Remy Two", Phone = TestData.UsNumber() });
        await Eventually.UntilAsync(() => _receiver.For("control").Count >= 3, "the control endpoint to be retried");

        // At most the one attempt that was already in flight when the endpoint was removed.
        Assert.InRange(_receiver.For("removed").Count, attemptsAtRemoval, attemptsAtRemoval + 1);
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest
        {
            Id = removed.Endpoint.Id,
            Endpoint = new WebhookEndpoint { Enabled = true },
            UpdateMask = { "enabled" },
        }));
        Assert.Empty((await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { EndpointId = removed.Endpoint.Id })).Deliveries);
    }

    [Fact]
    public async Task An_endpoint_that_keeps_failing_is_disabled_and_the_owner_is_emailed()
    {
        var tenant = await fixture.NewTenantAsync("Broken Receiver Co");
        var url = _receiver.Url("broken", 500);
        var created = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = url });

        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "broken-1", Name = "Bo", Phone = TestData.UsNumber() });
        var endpoint = await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints.Single(),
            e => !e.Enabled, "the endpoint to be disabled", TimeSpan.FromSeconds(30));

        Assert.NotEmpty(endpoint.DisabledReason);
        Assert.Equal(5, endpoint.ConsecutiveFailures);
        var pickup = fixture.Core.Services.GetRequiredService<IOptions<EmailOptions>>().Value.PickupDirectory!;
        var emails = await Eventually.GetAsync(
            () => Task.FromResult(Directory.Exists(pickup)
                ? Directory.GetFiles(pickup, "*.eml").Select(f => QuotedPrintable(File.ReadAllText(f))).Where(m => m.Contains(url, StringComparison.Ordinal)).ToList()
                : []),
            m => m.Count > 0, "the owner's email");
        var email = Assert.Single(emails);
        Assert.Contains(tenant.Organization.OwnerEmail, email, StringComparison.Ordinal);

        var enabled = await tenant.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest { Id = created.Endpoint.Id, Endpoint = new WebhookEndpoint { Enabled = true }, UpdateMask = { "enabled" } });
        Assert.Equal((true, 0, ""), (enabled.Enabled, enabled.ConsecutiveFailures, enabled.DisabledReason));
    }

    private static string QuotedPrintable(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text.Replace("=\r\n", "", StringComparison.Ordinal), "=([0-9A-F]{2})",
            m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());

    [Fact]
    public async Task Retry_now_sends_a_delivery_again()
    {
        var tenant = await fixture.NewTenantAsync("Again Plumbing");
        await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("again") });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "again-1", Name = "Agnes", Phone = TestData.UsNumber() });
        var first = (await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries,
            d => d.Count == 1 && d[0].Status == WebhookDeliveryStatus.Succeeded, "the first delivery"))[0];

        var retried = await tenant.Webhooks.RetryWebhookDeliveryAsync(new RetryWebhookDeliveryRequest { Id = first.Id });
        var again = await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries.Single(),
            d => d.AttemptCount == 2 && d.Status == WebhookDeliveryStatus.Succeeded, "the retried delivery");

        Assert.Equal(WebhookDeliveryStatus.Pending, retried.Status);
        Assert.Equal(2, _receiver.For("again").Count);
        Assert.Equal(first.EventId, again.EventId);
    }

    [Fact]
    public async Task Only_https_public_urls_and_known_event_types_are_accepted()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "http://hooks.example.com/coordi" }), "url");
        await RpcAssert.InvalidArgument(tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "https://10.0.0.5/coordi" }), "url");
        await RpcAssert.InvalidArgument(tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "not a url" }), "url");
        await RpcAssert.InvalidArgument(tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "https://hooks.example.com/coordi", EventTypes = { "lead.deleted" } }), "event_types");
        var ok = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "https://hooks.example.com/coordi", EventTypes = { "call.completed" } });
        Assert.Equal(["call.completed"], ok.Endpoint.EventTypes);
    }

    [Fact]
    public async Task Another_organizations_endpoints_and_deliveries_are_invisible()
    {
        var a = await fixture.NewTenantAsync("Alpha Hooks");
        var b = await fixture.NewTenantAsync("Bravo Hooks");
        var (_, partnerOfB) = await fixture.NewPartnerAsync(b, ApiKeyScope.ReadWrite);
        var endpointOfA = await a.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("alpha") });
        await a.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "iso-1", Name = "Al", Phone = TestData.UsNumber() });
        var deliveryOfA = (await Eventually.GetAsync(
            async () => (await a.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries,
            d => d.Count == 1, "A's delivery"))[0];

        Assert.Empty((await partnerOfB.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints);
        Assert.Empty((await partnerOfB.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { EndpointId = endpointOfA.Endpoint.Id })).Deliveries);
        await RpcAssert.FailsWith(StatusCode.NotFound, partnerOfB.Webhooks.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Id = endpointOfA.Endpoint.Id }));
        await RpcAssert.FailsWith(StatusCode.NotFound, partnerOfB.Webhooks.RetryWebhookDeliveryAsync(new RetryWebhookDeliveryRequest { Id = deliveryOfA.Id }));
        await b.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "iso-2", Name = "Bea", Phone = TestData.UsNumber() });
        Assert.Single((await a.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints);
        Assert.All(_receiver.For("alpha"), r => Assert.Equal(a.TenantId, JsonParser.Default.Parse<ChangeEvent>(r.Body).OrganizationId));
    }
}
