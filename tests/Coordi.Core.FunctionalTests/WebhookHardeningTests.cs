using System.Net;
using System.Net.Sockets;
using System.Text;
using Coordi.Core.Webhooks;
using Google.Protobuf;

namespace Coordi.Core.FunctionalTests;

/// <summary>Webhook endpoints cannot be aimed inside the platform, and what a delivery log shows cannot map it.</summary>
[Collection(CoreCollection.Name)]
public sealed class WebhookHardeningTests(CoreFixture fixture) : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Theory]
    [InlineData("https://192.0.2.10/coordi")]
    [InlineData("https://198.18.0.1/coordi")]
    [InlineData("https://198.51.100.7/coordi")]
    [InlineData("https://203.0.113.9/coordi")]
    [InlineData("https://100.64.0.1/coordi")]
    [InlineData("https://[64:ff9b::c000:20a]/coordi")]
    [InlineData("https://[2002:c000:20a::1]/coordi")]
    [InlineData("https://[2001:db8::1]/coordi")]
    [InlineData("https://[::ffff:10.0.0.1]/coordi")]
    [InlineData("https://hooks.example.com:8080/coordi")]
    [InlineData("https://hooks.example.com:22/coordi")]
    [InlineData("https://8.8.8.8:5432/coordi")]
    public async Task Reserved_ranges_and_ports_other_than_443_are_refused(string url)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = url }), "url");
        var created = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = "https://hooks.example.com:443/coordi" });
        await RpcAssert.InvalidArgument(tenant.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest
        {
            Id = created.Endpoint.Id,
            Endpoint = new WebhookEndpoint { Url = url },
            UpdateMask = { "url" },
        }), "endpoint.url");
    }

    [Fact]
    public async Task A_read_only_key_cannot_tell_an_open_port_from_a_closed_one_in_the_delivery_log()
    {
        var tenant = await fixture.NewTenantAsync("Port Probe Co");
        var (_, reader) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        using var open = new TcpListener(IPAddress.Loopback, 0);
        open.Start();
        using var stop = new CancellationTokenSource();
        var banner = AnswerWithABannerAsync(open, stop.Token);
        var openPort = ((IPEndPoint)open.LocalEndpoint).Port;
        var closedPort = PostgresCluster.FreePort();
        var toOpen = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = $"http://127.0.0.1:{openPort}/hook" });
        var toClosed = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = $"http://127.0.0.1:{closedPort}/hook" });

        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "probe-1", Name = "Pat", Phone = TestData.UsNumber() });
        var log = await Eventually.GetAsync(
            async () => (await reader.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries,
            d => d.Count == 2 && d.All(x => x.AttemptCount >= 1), "both deliveries to be attempted");
        await stop.CancelAsync();
        open.Stop();
        await banner;

        var fromOpen = log.Single(d => d.EndpointId == toOpen.Endpoint.Id);
        var fromClosed = log.Single(d => d.EndpointId == toClosed.Endpoint.Id);
        Assert.Equal(WebhookDispatcher.NoHttpResponse, fromOpen.LastError);
        Assert.Equal(WebhookDispatcher.NoHttpResponse, fromClosed.LastError);
        Assert.Equal((0, 0), (fromOpen.ResponseCode, fromClosed.ResponseCode));
        await tenant.Webhooks.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Id = toOpen.Endpoint.Id });
        await tenant.Webhooks.DeleteWebhookEndpointAsync(new DeleteWebhookEndpointRequest { Id = toClosed.Endpoint.Id });
    }

    /// <summary>A service that is not a web server: it greets, then hangs up, as SSH or SMTP would to an HTTP client.</summary>
    private static async Task AnswerWithABannerAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(cancellationToken);
                try
                {
                    await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("SSH-2.0-OpenSSH_9.6\r\n"), cancellationToken);
                }
                catch (IOException)
                {
                    // The client hung up first; the next connection is served the same way.
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    [Fact]
    public async Task Events_raised_while_an_endpoint_was_disabled_are_delivered_once_it_is_enabled_again()
    {
        var tenant = await fixture.NewTenantAsync("Revived Roofing");
        // Five failures disable the endpoint (the test configuration); the receiver answers 200 from then on.
        var created = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("revived", 200, 500, 500, 500, 500, 500) });
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "revived-1", Name = "Before", Phone = TestData.UsNumber() });
        await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookEndpointsAsync(new ListWebhookEndpointsRequest())).Endpoints.Single(),
            e => !e.Enabled, "the endpoint to be disabled", TimeSpan.FromSeconds(30));

        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "revived-2", Name = "While disabled", Phone = TestData.UsNumber() });
        var waiting = (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries;
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, d => Assert.Equal(WebhookDeliveryStatus.Pending, d.Status));
        var raisedWhileDisabled = waiting.Single(d => d.AttemptCount == 0);

        await tenant.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest { Id = created.Endpoint.Id, Endpoint = new WebhookEndpoint { Enabled = true }, UpdateMask = { "enabled" } });
        var sent = await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries,
            d => d.Count == 2 && d.All(x => x.Status == WebhookDeliveryStatus.Succeeded), "both deliveries to be sent after enabling");

        Assert.Equal(1, sent.Single(d => d.Id == raisedWhileDisabled.Id).AttemptCount);
        var received = _receiver.For("revived");
        Assert.Contains(received, r => r.EventId == raisedWhileDisabled.EventId);
        Assert.Contains(received, r => JsonParser.Default.Parse<ChangeEvent>(r.Body).Lead?.Name == "While disabled");
    }

    [Fact]
    public async Task An_endpoint_switched_off_by_its_owner_gets_the_events_of_the_pause_when_switched_on()
    {
        var tenant = await fixture.NewTenantAsync("Paused Painting");
        var created = await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("paused") });
        await tenant.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest { Id = created.Endpoint.Id, Endpoint = new WebhookEndpoint { Enabled = false }, UpdateMask = { "enabled" } });

        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "paused-1", Name = "Paula", Phone = TestData.UsNumber() });
        var held = Assert.Single((await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries);
        Assert.Equal((WebhookDeliveryStatus.Pending, 0), (held.Status, held.AttemptCount));

        await tenant.Webhooks.UpdateWebhookEndpointAsync(new UpdateWebhookEndpointRequest { Id = created.Endpoint.Id, Endpoint = new WebhookEndpoint { Enabled = true }, UpdateMask = { "enabled" } });
        await Eventually.GetAsync(
            async () => (await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries.Single(),
            d => d.Status == WebhookDeliveryStatus.Succeeded, "the held delivery to be sent");
        Assert.Equal(held.EventId, Assert.Single(_receiver.For("paused")).EventId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    public async Task Delivery_page_sizes_outside_1_to_200_are_refused(int size)
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, reader) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);

        await RpcAssert.InvalidArgument(reader.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { PageSize = size }), "page_size");
        await RpcAssert.InvalidArgument(tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { PageSize = size }), "page_size");
        Assert.Empty((await reader.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest { PageSize = 200 })).Deliveries);
    }
}
