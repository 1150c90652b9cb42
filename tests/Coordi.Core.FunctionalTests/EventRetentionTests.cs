using Coordi.Core.Events;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class EventRetentionTests(CoreFixture fixture)
{
    [Fact]
    public async Task Events_past_retention_are_deleted_and_a_stream_cannot_resume_from_before_them()
    {
        var receiver = await WebhookReceiver.StartAsync();
        await using var _ = receiver;
        var tenant = await fixture.NewTenantAsync("Retained Plumbing");
        var other = await fixture.NewTenantAsync("Recent Roofing");
        await tenant.Webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest { Url = receiver.Url("retained") });
        for (var i = 0; i < 5; i++)
        {
            await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = $"kept-{i}", Name = $"Caller {i}", Phone = TestData.UsNumber() });
        }

        await other.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "other-old", Name = "Other", Phone = TestData.UsNumber() });
        await Eventually.GetAsync(() => Task.FromResult(receiver.For("retained")), r => r.Count == 5, "the five deliveries");
        // The first three of the tenant's events, and the other organization's, happened 31 days ago.
        await ExecuteAsync($"""
            UPDATE events SET occurred_at = now() - interval '31 days'
            WHERE (tenant_id = '{tenant.TenantId}' AND sequence <= 3) OR tenant_id = '{other.TenantId}'
            """);

        var deleted = await fixture.Core.Services.GetRequiredService<EventRetention>().SweepAsync(CancellationToken.None);

        Assert.True(deleted >= 4, $"Expected at least the 4 aged events deleted, got {deleted}.");
        var resumed = await EventStreams.ReplayAsync(tenant, afterCursor: 3);
        Assert.Equal([4L, 5], resumed.Select(e => e.Cursor));
        var expired = await RpcAssert.FailsWith(StatusCode.OutOfRange, () => EventStreams.ReplayAsync(tenant, afterCursor: 1));
        Assert.Contains("after cursor 3", expired.Status.Detail);
        var info = RpcAssert.ErrorInfoOf(expired);
        Assert.Equal(("CURSOR_EXPIRED", "3"), (info.Reason, info.Metadata["oldest_cursor"]));
        var deliveries = await tenant.Webhooks.ListWebhookDeliveriesAsync(new ListWebhookDeliveriesRequest());
        Assert.Equal([4L, 5], deliveries.Deliveries.Select(d => d.EventCursor).Order());
        // The other organization lost its only event: it resumes after cursor 1, not from the start.
        await RpcAssert.FailsWith(StatusCode.OutOfRange, () => EventStreams.ReplayAsync(other));
        Assert.Empty(await EventStreams.ReplayAsync(other, afterCursor: 1));

        // New events continue the numbering after the deleted ones.
        await other.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "other-new", Name = "Other again", Phone = TestData.UsNumber() });
        Assert.Equal(2L, Assert.Single(await EventStreams.ReplayAsync(other, afterCursor: 1)).Cursor);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
