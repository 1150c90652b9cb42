using System.Net;
using Coordi.Contracts.Rules;

namespace Coordi.Portal.FunctionalTests;

[Collection(PortalCollection.Name)]
public sealed class TenantIsolationTests(PortalFixture fixture)
{
    [Fact]
    public async Task Changing_an_id_in_the_url_to_another_organizations_call_or_lead_gives_404()
    {
        var a = await Owners.NewAsync(fixture, "Company A");
        var b = await Owners.NewAsync(fixture, "Company B");
        var theirs = await Seed.CallWithLeadAsync(fixture.Core, b.Core, "B's customer");

        var call = await a.Client.GetAsync($"/Calls/{theirs.Call.Id}");
        var lead = await a.Client.GetAsync($"/Leads/{theirs.Lead.Id}");

        Assert.Equal(HttpStatusCode.NotFound, call.Status);
        Assert.Equal(HttpStatusCode.NotFound, lead.Status);
        Assert.DoesNotContain("B's customer", call.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("B's customer", lead.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await b.Client.GetAsync($"/Leads/{theirs.Lead.Id}")).Status);
    }

    [Fact]
    public async Task Posting_to_another_organizations_lead_or_key_gives_404_and_changes_nothing()
    {
        var a = await Owners.NewAsync(fixture, "Company A");
        var b = await Owners.NewAsync(fixture, "Company B");
        var theirLead = await Seed.LeadAsync(b.Core, "B's customer");
        var theirKey = await b.Core.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "b-crm", Scope = ApiKeyScope.Read });
        var mine = await a.Client.OpenAsync($"/Leads/{(await Seed.LeadAsync(a.Core, "A's customer")).Id}");
        var token = mine.Value("#status-form input[name=__RequestVerificationToken]")!;

        var status = await a.Client.PostRawAsync($"/Leads/{theirLead.Id}?handler=Status", [new("__RequestVerificationToken", token), new("NewStatus", "Lost")]);
        var revoke = await a.Client.PostRawAsync("/ApiKeys?handler=Revoke", [new("__RequestVerificationToken", token), new("keyId", theirKey.ApiKey.Id)]);

        Assert.Equal(HttpStatusCode.NotFound, status.Status);
        Assert.Equal(HttpStatusCode.NotFound, revoke.Status);
        Assert.Equal(LeadStatus.New, (await b.Core.Leads.GetLeadAsync(new GetLeadRequest { Id = theirLead.Id })).Status);
        Assert.Null((await b.Core.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys.Single().RevokedAt);
    }

    [Fact]
    public async Task A_tenant_header_or_field_sent_by_the_browser_is_ignored()
    {
        var a = await Owners.NewAsync(fixture, "Company A");
        var b = await Owners.NewAsync(fixture, "Company B");
        await Seed.LeadAsync(a.Core, "Alice from A");
        await Seed.LeadAsync(b.Core, "Bob from B");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/Leads?organizationId={b.OrganizationId}&tenant={b.OrganizationId}");
        request.Headers.Add(TenantMetadata.Header, b.OrganizationId);
        var response = await a.Client.Http.SendAsync(request);
        var page = await PortalPage.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Alice from A", page.Text("#leads"), StringComparison.Ordinal);
        Assert.DoesNotContain("Bob from B", page.Body, StringComparison.Ordinal);
    }
}
