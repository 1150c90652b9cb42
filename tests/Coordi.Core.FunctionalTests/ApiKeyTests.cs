using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class ApiKeyTests(CoreFixture fixture)
{
    [Fact]
    public async Task A_new_key_shows_its_secret_once_and_is_listed_by_prefix_only()
    {
        var tenant = await fixture.NewTenantAsync();

        var created = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "  Zapier  ", Scope = ApiKeyScope.Read });
        var listed = await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest());

        Assert.StartsWith("cdk_", created.Secret);
        Assert.Matches("^cdk_[a-z2-7]{12}$", created.ApiKey.Prefix);
        Assert.StartsWith(created.ApiKey.Prefix + "_", created.Secret);
        Assert.True(created.Secret.Length > created.ApiKey.Prefix.Length + 20);
        Assert.Equal("Zapier", created.ApiKey.Name);
        Assert.Equal(ApiKeyScope.Read, created.ApiKey.Scope);
        Assert.Null(created.ApiKey.LastUsedAt);
        Assert.Null(created.ApiKey.RevokedAt);
        var key = Assert.Single(listed.ApiKeys);
        Assert.Equal(created.ApiKey.Id, key.Id);
        Assert.Equal(created.ApiKey.Prefix, key.Prefix);
        Assert.DoesNotContain(created.Secret[(created.ApiKey.Prefix.Length + 1)..], key.ToString());
    }

    [Fact]
    public async Task Every_key_gets_its_own_secret()
    {
        var tenant = await fixture.NewTenantAsync();

        var one = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "one", Scope = ApiKeyScope.Read });
        var two = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "two", Scope = ApiKeyScope.Read });

        Assert.NotEqual(one.Secret, two.Secret);
        Assert.NotEqual(one.ApiKey.Prefix, two.ApiKey.Prefix);
    }

    [Fact]
    public async Task Keys_are_listed_newest_first_across_pages()
    {
        var tenant = await fixture.NewTenantAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = $"key {i}", Scope = ApiKeyScope.ReadWrite })).ApiKey.Id);
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.ApiKeys.Select(k => k.Id));
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task A_revoked_key_stops_working_at_once_and_is_listed_only_on_request()
    {
        var tenant = await fixture.NewTenantAsync();
        var (secret, partner) = await fixture.NewPartnerAsync(tenant);
        await partner.Leads.ListLeadsAsync(new ListLeadsRequest());
        var keyId = (await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys.Single().Id;

        var revoked = await tenant.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = keyId });

        Assert.NotNull(revoked.RevokedAt);
        var ex = await RpcAssert.FailsWith(StatusCode.Unauthenticated, partner.Leads.ListLeadsAsync(new ListLeadsRequest()));
        Assert.DoesNotContain(secret, ex.Status.Detail);
        Assert.Empty((await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);
        var withRevoked = await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { IncludeRevoked = true });
        Assert.Equal(revoked.RevokedAt, Assert.Single(withRevoked.ApiKeys).RevokedAt);
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_revocation_time()
    {
        var tenant = await fixture.NewTenantAsync();
        var created = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "old", Scope = ApiKeyScope.Read });

        await tenant.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = created.ApiKey.Id });
        var first = (await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { IncludeRevoked = true })).ApiKeys.Single().RevokedAt;
        var again = await tenant.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = created.ApiKey.Id });

        Assert.Equal(first, again.RevokedAt);
    }

    [Fact]
    public async Task Revoking_an_unknown_or_malformed_key_id_fails()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = Guid.NewGuid().ToString() }));
        await RpcAssert.InvalidArgument(tenant.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = "cdk_abc" }), "id");
    }

    [Theory]
    [InlineData("", ApiKeyScope.Read, "name")]
    [InlineData("   ", ApiKeyScope.Read, "name")]
    [InlineData("crm", ApiKeyScope.Unspecified, "scope")]
    [InlineData("crm", (ApiKeyScope)7, "scope")]
    public async Task An_invalid_key_request_is_refused(string name, ApiKeyScope scope, string field)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = name, Scope = scope }), field);

        Assert.Empty((await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys);
    }

    [Fact]
    public async Task Using_a_key_records_when_it_was_last_used()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);
        var before = DateTime.UtcNow.AddSeconds(-1);

        await partner.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        var key = (await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys.Single();

        Assert.NotNull(key.LastUsedAt);
        Assert.True(key.LastUsedAt.ToDateTime() >= before);
    }

    [Fact]
    public async Task A_read_key_can_read_everything_it_is_allowed_to()
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "r1", Name = "Dana Smith", Phone = "+15125550143" });
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = "+15125550143", ToNumber = "+15125550100" });
        var (_, reader) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);

        Assert.Equal(lead.Id, (await reader.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id })).Id);
        Assert.Single((await reader.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
        Assert.Equal(call.Id, (await reader.Calls.GetCallAsync(new GetCallRequest { Id = call.Id })).Id);
        Assert.Single((await reader.Calls.ListCallsAsync(new ListCallsRequest())).Calls);
        Assert.Equal(tenant.TenantId, (await reader.Organizations.GetOrganizationAsync(new GetOrganizationRequest())).Id);
        Assert.NotEmpty((await reader.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest())).Name);
        Assert.NotEmpty((await reader.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest())).BusinessName);
        Assert.NotEmpty((await reader.Profiles.PreviewSystemPromptAsync(new PreviewSystemPromptRequest())).SystemPrompt);
        Assert.Empty((await reader.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest())).Appointments);
        Assert.Empty((await reader.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        Assert.Equal("America/Chicago", (await reader.Metrics.GetMetricsAsync(new GetMetricsRequest { FromDate = today, ToDate = today })).TimeZone);
    }

    [Fact]
    public async Task A_read_key_cannot_write()
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "r1", Name = "Dana Smith", Phone = "+15125550143" });
        var (_, reader) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);

        var denied = new List<Func<Task>>
        {
            () => reader.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "r2", Name = "Sam", Phone = "+15125550144" }).ResponseAsync,
            () => reader.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Status = LeadStatus.Won }, UpdateMask = { "status" } }).ResponseAsync,
            () => reader.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SampleProfiles.Agent() }).ResponseAsync,
            () => reader.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SampleProfiles.Business() }).ResponseAsync,
            () => reader.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = "+15125550143", ToNumber = "+15125550100" }).ResponseAsync,
            () => reader.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = Guid.NewGuid().ToString() }).ResponseAsync,
        };
        foreach (var call in denied)
        {
            var ex = await RpcAssert.FailsWith(StatusCode.PermissionDenied, call);
            Assert.Contains("read-only", ex.Status.Detail);
        }

        var unchanged = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal(LeadStatus.New, unchanged.Status);
        Assert.Single((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
    }

    [Fact]
    public async Task A_read_write_key_can_write_tenant_data()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, writer) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.ReadWrite);

        var lead = await writer.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "crm-1", Name = "Dana Smith", Phone = "+15125550143" });
        await writer.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SampleProfiles.Agent("Hello from the CRM") });

        Assert.Equal("partner", lead.Source);
        Assert.Equal("Hello from the CRM", (await tenant.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest())).Greeting);
    }

    [Fact]
    public async Task Partners_cannot_reach_service_only_methods()
    {
        var tenant = await fixture.NewTenantAsync();
        var key = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "other", Scope = ApiKeyScope.Read });
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.ReadWrite);

        var serviceOnly = new List<Func<Task>>
        {
            () => partner.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest()).ResponseAsync,
            () => partner.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest()).ResponseAsync,
            () => partner.Integrations.UpdateIntegrationsAsync(new UpdateIntegrationsRequest { WebhookUrl = "https://evil.example.com" }).ResponseAsync,
            () => partner.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "escalated", Scope = ApiKeyScope.ReadWrite }).ResponseAsync,
            () => partner.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest()).ResponseAsync,
            () => partner.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = key.ApiKey.Id }).ResponseAsync,
            () => partner.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest { Name = "Mine now", TimeZone = "UTC" }).ResponseAsync,
            () => partner.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() }).ResponseAsync,
        };
        foreach (var call in serviceOnly)
        {
            await RpcAssert.FailsWith(StatusCode.PermissionDenied, call);
        }

        var keys = await tenant.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest());
        Assert.Equal(2, keys.ApiKeys.Count);
        Assert.Equal("", (await tenant.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest())).WebhookUrl);
    }
}
