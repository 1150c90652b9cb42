namespace Coordi.Core.FunctionalTests;

/// <summary>A receiver that hangs holds only its own share of the webhook worker, never the other organizations' deliveries.</summary>
[Collection(CoreCollection.Name)]
public sealed class WebhookFairnessTests(CoreFixture fixture) : IAsyncLifetime
{
    private CoreServer _core = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        // A database of its own, so no other core's worker delivers these. Four slots, two per endpoint; attempts
        // are allowed far longer than the receiver's 10 s hang.
        var database = await fixture.Cluster.CreateDatabaseAsync("fairness_" + Guid.NewGuid().ToString("N"));
        _core = await CoreServer.StartAsync(database, new Dictionary<string, string?>
        {
            ["Coordi:Core:Webhooks:MaxConcurrentDeliveries"] = "4",
            ["Coordi:Core:Webhooks:BatchSize"] = "4",
            ["Coordi:Core:Webhooks:MaxConcurrentDeliveriesPerEndpoint"] = "2",
            ["Coordi:Core:Webhooks:RequestTimeout"] = "00:02:00",
        });
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _core.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_hanging_endpoint_does_not_hold_up_another_organizations_delivery()
    {
        var slow = await _core.NewTenantAsync("Hanging Plumbing");
        var healthy = await _core.NewTenantAsync("Healthy Roofing");
        await slow.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("hangs", WebhookReceiver.Hang), EventTypes = { "lead.created" } });
        await healthy.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("healthy"), EventTypes = { "lead.created" } });
        for (var i = 0; i < 6; i++)
        {
            await slow.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = $"slow-{i}", Name = $"Slow {i}", Phone = TestData.UsNumber() });
        }

        await Eventually.GetAsync(() => Task.FromResult(_receiver.For("hangs")), r => r.Count >= 2, "the hanging endpoint's first deliveries");
        await healthy.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "healthy-1", Name = "Quick", Phone = TestData.UsNumber() });
        await Eventually.GetAsync(() => Task.FromResult(_receiver.For("healthy")), r => r.Count == 1, "the healthy endpoint's delivery");

        // Delivered while every attempt at the hanging endpoint was still waiting: none of them has ended, and no
        // more than its two places were taken.
        var slowLog = (await slow.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest())).Deliveries;
        Assert.Equal(6, slowLog.Count);
        Assert.All(slowLog, d => Assert.Equal((WebhookDeliveryStatus.Pending, 0), (d.Status, d.AttemptCount)));
        Assert.Equal(2, _receiver.For("hangs").Count);
    }
}
