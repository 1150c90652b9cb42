using Google.Rpc;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>Per-key rate limits, on a core of their own with a small bucket: 3 calls at once, then one a second.</summary>
[Collection(CoreCollection.Name)]
public sealed class LimitTests(CoreFixture fixture) : IAsyncLifetime
{
    private CoreServer _core = null!;

    public async Task InitializeAsync() => _core = await CoreServer.StartAsync(fixture.ConnectionString, new Dictionary<string, string?>
    {
        ["Coordi:Core:PartnerRateLimits:Default:TokenLimit"] = "3",
        ["Coordi:Core:PartnerRateLimits:Default:TokensPerPeriod"] = "1",
        ["Coordi:Core:PartnerRateLimits:Default:ReplenishmentPeriod"] = "00:00:01",
        ["Coordi:Core:PartnerRateLimits:MaxOpenStreamsPerKey"] = "2",
    });

    public async Task DisposeAsync() => await _core.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_rate_is_refused_with_retry_info_and_recovers()
    {
        var tenant = await fixture.NewTenantAsync("Busy CRM Co");
        var (key, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        var leads = new LeadService.LeadServiceClient(_core.AsPartner(key));

        var refused = await FirstRefusalAsync(leads);

        var retryInfo = refused.GetRpcStatus()?.GetDetail<RetryInfo>();
        Assert.NotNull(retryInfo);
        Assert.InRange(retryInfo.RetryDelay.ToTimeSpan(), TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
        Assert.Equal("RATE_LIMITED", refused.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
        await Task.Delay(retryInfo.RetryDelay.ToTimeSpan());
        await Eventually.GetAsync(() => Succeeds(leads), ok => ok, "the key to be admitted again");
    }

    [Fact]
    public async Task Each_key_has_its_own_bucket_and_services_are_not_limited()
    {
        var tenant = await fixture.NewTenantAsync("Two Keys Co");
        var (first, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        var (second, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        await FirstRefusalAsync(new LeadService.LeadServiceClient(_core.AsPartner(first)));

        await new LeadService.LeadServiceClient(_core.AsPartner(second)).ListLeadsAsync(new ListLeadsRequest());
        var portal = new LeadService.LeadServiceClient(_core.AsService(tenant.TenantId));
        for (var i = 0; i < 10; i++)
        {
            await portal.ListLeadsAsync(new ListLeadsRequest());
        }
    }

    [Fact]
    public async Task A_key_may_hold_only_so_many_streams_open_at_once()
    {
        var tenant = await fixture.NewTenantAsync("Many Streams Co");
        var (key, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        var events = new EventService.EventServiceClient(_core.AsPartner(key));
        using var first = events.StreamEvents(EventStreams.Request());
        using var second = events.StreamEvents(EventStreams.Request());
        await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "s1", Name = "Streamed", Phone = TestData.UsNumber() });
        await EventStreams.TakeAsync(first.ResponseStream, 1, "the event on the first stream");
        await EventStreams.TakeAsync(second.ResponseStream, 1, "the event on the second stream");

        using var third = events.StreamEvents(EventStreams.Request());
        var refused = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => third.ResponseStream.MoveNext());
        first.Dispose();
        var replayed = await Eventually.GetAsync(() => ReplayOrNullAsync(events), r => r is not null, "a stream to be admitted after one closed");

        Assert.Contains("streams", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("lead.created", Assert.Single(replayed!).Type);
    }

    private static async Task<List<ChangeEvent>?> ReplayOrNullAsync(EventService.EventServiceClient events)
    {
        try
        {
            using var call = events.StreamEvents(EventStreams.Request(replayOnly: true));
            var all = new List<ChangeEvent>();
            await foreach (var e in call.ResponseStream.ReadAllAsync())
            {
                all.Add(e);
            }

            return all;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
        {
            return null;
        }
    }

    [Fact]
    public async Task Requests_refused_for_their_scope_still_use_up_the_keys_rate()
    {
        var tenant = await fixture.NewTenantAsync("Scope Flood Co");
        var (key, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        var leads = new LeadService.LeadServiceClient(_core.AsPartner(key));

        // A read-only key may not create leads; each refusal takes a token, so a flood of them is limited.
        var codes = await CodesOfAsync(20, () => leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "Flood", Phone = TestData.UsNumber() }));

        Assert.Contains(StatusCode.PermissionDenied, codes);
        Assert.Contains(StatusCode.ResourceExhausted, codes);
        Assert.Equal(StatusCode.PermissionDenied, codes[0]);
    }

    [Fact]
    public async Task Requests_refused_by_validation_still_use_up_the_keys_rate()
    {
        var tenant = await fixture.NewTenantAsync("Invalid Flood Co");
        var (key, _) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.ReadWrite);
        var leads = new LeadService.LeadServiceClient(_core.AsPartner(key));

        var codes = await CodesOfAsync(20, () => leads.CreateLeadAsync(new CreateLeadRequest { RequestId = Guid.NewGuid().ToString(), Name = "", Phone = "not a phone" }));

        Assert.Contains(StatusCode.InvalidArgument, codes);
        Assert.Contains(StatusCode.ResourceExhausted, codes);
        Assert.Equal(StatusCode.InvalidArgument, codes[0]);
    }

    /// <summary>
    /// Sends the request <paramref name="times"/> times in a row and returns each status code. The bucket holds 3
    /// tokens and gains one a second, so 20 back-to-back calls exhaust it unless they take many seconds.
    /// </summary>
    private static async Task<List<StatusCode>> CodesOfAsync<T>(int times, Func<AsyncUnaryCall<T>> send)
    {
        var codes = new List<StatusCode>();
        for (var i = 0; i < times; i++)
        {
            try
            {
                await send();
                codes.Add(StatusCode.OK);
            }
            catch (RpcException ex)
            {
                codes.Add(ex.StatusCode);
            }
        }

        return codes;
    }

    [Fact]
    public async Task A_request_over_the_size_cap_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();

        var ex = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, tenant.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = "huge",
            Name = "Huge",
            Phone = TestData.UsNumber(),
            Notes = new string('x', 2 * 1024 * 1024),
        }));

        Assert.Contains("size", ex.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Page_sizes_are_capped()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);

        await RpcAssert.InvalidArgument(partner.Leads.ListLeadsAsync(new ListLeadsRequest { PageSize = 201 }), "page_size");
        await partner.Leads.ListLeadsAsync(new ListLeadsRequest { PageSize = 200 });
    }

    /// <summary>Calls until the bucket is empty; it holds 3 tokens, so at most a few calls succeed first.</summary>
    private static async Task<RpcException> FirstRefusalAsync(LeadService.LeadServiceClient leads)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                await leads.ListLeadsAsync(new ListLeadsRequest());
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
            {
                Assert.InRange(i, 3, 99);
                return ex;
            }
        }

        throw new Xunit.Sdk.XunitException("The key was never refused.");
    }

    private static async Task<bool> Succeeds(LeadService.LeadServiceClient leads)
    {
        try
        {
            await leads.ListLeadsAsync(new ListLeadsRequest());
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
        {
            return false;
        }
    }
}
