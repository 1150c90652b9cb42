using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class SmokeTests(CoreFixture fixture)
{
    [Fact]
    public async Task A_new_organization_can_capture_a_lead()
    {
        var tenant = await fixture.NewTenantAsync();

        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = "req-1",
            Name = "Dana Smith",
            Phone = "+15125550143",
        });

        var fetched = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal("Dana Smith", fetched.Name);
        Assert.Equal(LeadStatus.New, fetched.Status);
    }

    [Fact]
    public async Task Health_endpoints_answer_on_the_http1_port()
    {
        using var http = new HttpClient { BaseAddress = fixture.Core.HealthAddress };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task A_call_without_credentials_is_unauthenticated()
    {
        var leads = new LeadService.LeadServiceClient(fixture.Core.Anonymous());
        var ex = await Assert.ThrowsAsync<RpcException>(() => leads.ListLeadsAsync(new ListLeadsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }
}
