using Coordi.PartnerSample;
using Grpc.Core;
using Grpc.Net.Client;

namespace Coordi.Core.FunctionalTests;

/// <summary>The sample client of docs/partners.md, run against the real core with a partner key.</summary>
[Collection(CoreCollection.Name)]
public sealed class PartnerSampleTests(CoreFixture fixture) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("coordi-sample-").FullName;

    [Fact]
    public async Task The_sample_lists_every_lead_and_resumes_the_event_stream_where_it_stopped()
    {
        var tenant = await fixture.NewTenantAsync("Sample Plumbing");
        var (key, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        for (var i = 0; i < 3; i++)
        {
            await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = $"sample-{i}", Name = $"Sample {i}", Phone = TestData.UsNumber() });
        }

        using var channel = PartnerChannel.Create(fixture.Core.GrpcAddress, key);
        var listed = await LeadLister.PrintAllAsync(new LeadService.LeadServiceClient(channel), CancellationToken.None);
        var cursorFile = new CursorFile(Path.Combine(_folder, "cursor.txt"));
        var firstRun = await FollowUntilAsync(channel, cursorFile, 3);
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "sample-late", Name = "Late", Phone = TestData.UsNumber() });
        var secondRun = await FollowUntilAsync(channel, cursorFile, 1);

        Assert.Equal(3, listed);
        Assert.Equal([1L, 2, 3], firstRun.Select(e => e.Cursor));
        Assert.Equal(("Late", 4L), (Assert.Single(secondRun).Lead.Name, secondRun[0].Cursor));
        Assert.Equal(4, cursorFile.Read());
    }

    /// <summary>Runs the sample's follower until it has handled <paramref name="count"/> events, then stops it.</summary>
    private static async Task<List<ChangeEvent>> FollowUntilAsync(GrpcChannel channel, CursorFile cursorFile, int count)
    {
        using var stop = new CancellationTokenSource(Eventually.DefaultTimeout);
        var handled = new List<ChangeEvent>();
        var follower = new EventFollower(new EventService.EventServiceClient(channel), cursorFile);
        try
        {
            await follower.FollowAsync(e =>
            {
                handled.Add(e);
                if (handled.Count == count)
                {
                    stop.Cancel();
                }
            }, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
        }

        Assert.True(handled.Count == count, $"The follower handled {handled.Count} of {count} events.");
        return handled;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
