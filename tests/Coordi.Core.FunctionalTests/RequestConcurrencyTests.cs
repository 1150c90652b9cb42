namespace Coordi.Core.FunctionalTests;

/// <summary>A core that works on one unary call at a time: the rest queue in order, and open event streams are not counted.</summary>
[Collection(CoreCollection.Name)]
public sealed class RequestConcurrencyTests(CoreFixture fixture) : IAsyncLifetime
{
    private CoreServer _core = null!;

    public async Task InitializeAsync() =>
        _core = await CoreServer.StartAsync(fixture.ConnectionString, new Dictionary<string, string?> { ["Coordi:Core:MaxConcurrentRequests"] = "1" });

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task Calls_beyond_the_limit_wait_their_turn_while_open_streams_hold_no_place()
    {
        var tenant = await _core.NewTenantAsync("Queued Cleaning");
        using var firstStream = tenant.Events.StreamEvents(EventStreams.Request());
        using var secondStream = tenant.Events.StreamEvents(EventStreams.Request());

        var leads = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = $"queued-{i}", Name = $"Caller {i}", Phone = TestData.UsNumber() }).ResponseAsync));
        var streamed = await EventStreams.TakeAsync(firstStream.ResponseStream, 20, "the queued writes' events");

        Assert.Equal(20, leads.Select(l => l.Id).Distinct().Count());
        Assert.Equal(leads.Select(l => l.Id).Order(), streamed.Select(e => e.Lead.Id).Order());
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), streamed.Select(e => e.Cursor));
        Assert.Equal(20, (await EventStreams.TakeAsync(secondStream.ResponseStream, 20, "the same events on the second stream")).Count);
    }
}
