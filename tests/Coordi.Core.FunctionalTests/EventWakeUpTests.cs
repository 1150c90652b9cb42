using Coordi.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// Followers and the webhook worker are woken by commits, not found by polling: these cores poll only every ten
/// minutes, far beyond the tests' time limit, so every arrival below was woken.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class EventWakeUpTests(CoreFixture fixture) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> PollRarely = new()
    {
        ["Coordi:Core:Events:FollowerPollInterval"] = "00:10:00",
        ["Coordi:Core:Webhooks:PollInterval"] = "00:10:00",
    };

    private CoreServer _first = null!;
    private CoreServer _second = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        // A database of their own: the shared core would otherwise find these events by its own polling.
        var database = await fixture.Cluster.CreateDatabaseAsync("wakeup_" + Guid.NewGuid().ToString("N"));
        _first = await CoreServer.StartAsync(database, PollRarely);
        _second = await CoreServer.StartAsync(database, PollRarely);
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task A_follower_on_one_instance_is_woken_by_a_write_on_another()
    {
        var writer = await _first.NewTenantAsync("Crossover Plumbing");
        var key = (await writer.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm", Scope = ApiKeyScope.Read })).Secret;
        var reader = new TenantClients(writer.Organization, _second.AsPartner(key));
        using var stream = reader.Events.StreamEvents(EventStreams.Request());
        // The follower has read the (empty) log and waits before the write is made.
        Assert.Empty(await EventStreams.ReplayAsync(reader));

        var lead = await writer.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "cross-1", Name = "Ivy", Phone = TestData.UsNumber() });
        var woken = await EventStreams.TakeAsync(stream.ResponseStream, 1, "the event written on the other instance");

        Assert.Equal(("lead.created", lead.Id, 1L), (woken[0].Type, woken[0].Lead.Id, woken[0].Cursor));
    }

    [Fact]
    public async Task Commits_wake_local_followers_whether_the_write_or_its_caller_owns_the_transaction()
    {
        var tenant = await _first.NewTenantAsync("Local Wake HVAC");
        using var stream = tenant.Events.StreamEvents(EventStreams.Request());
        Assert.Empty(await EventStreams.ReplayAsync(tenant));

        // StartCall commits in the outbox's own transaction; CompleteCall commits in one the call service opened.
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = "CA" + Guid.NewGuid().ToString("N"), FromNumber = TestData.UsNumber(), ToNumber = TestData.UsNumber() });
        var started = await EventStreams.TakeAsync(stream.ResponseStream, 1, "call.started");
        await tenant.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = call.Id, Status = CallStatus.Completed, DurationSeconds = 95 });
        var completed = await EventStreams.TakeAsync(stream.ResponseStream, 1, "call.completed");

        Assert.Equal(("call.started", call.Id), (started[0].Type, started[0].Call.Id));
        Assert.Equal(("call.completed", CallStatus.Completed), (completed[0].Type, completed[0].Call.Status));
    }

    [Fact]
    public async Task A_commit_wakes_the_webhook_worker_of_its_instance()
    {
        var tenant = await _first.NewTenantAsync("Wake Roofing");
        await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = _receiver.Url("wake"), EventTypes = { "lead.created" } });

        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "wake-1", Name = "Wren", Phone = TestData.UsNumber() });
        var delivered = await Eventually.GetAsync(() => Task.FromResult(_receiver.For("wake")), r => r.Count >= 1, "the delivery");

        Assert.Contains(lead.Id, delivered[0].Body);
    }

    [Fact]
    public void An_instance_ignores_its_own_notifications_and_reads_the_others()
    {
        var publisher = _first.Services.GetRequiredService<EventPublisher>();
        var other = _second.Services.GetRequiredService<EventPublisher>();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        Assert.NotEqual(publisher.InstanceId, other.InstanceId);
        Assert.False(publisher.TryParse($"{publisher.InstanceId},{a}", out _));
        Assert.True(publisher.TryParse($"{other.InstanceId},{a},{b}", out var tenants));
        Assert.Equal([a, b], tenants);
        Assert.False(publisher.TryParse("not-a-notification", out _));
        Assert.False(publisher.TryParse($"{other.InstanceId},garbage", out _));
    }
}
