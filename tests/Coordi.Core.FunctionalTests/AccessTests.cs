using Coordi.Contracts.Rules;
using Google.Rpc;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class AccessTests(CoreFixture fixture)
{
    private static CreateOrganizationRequest SignUp() => new()
    {
        Name = "Acme", OwnerEmail = "owner@example.com", TimeZone = "America/Chicago", RequestId = Guid.NewGuid().ToString(),
    };

    [Fact]
    public async Task Every_kind_of_method_needs_a_credential()
    {
        var tenant = await fixture.NewTenantAsync();
        var anonymous = fixture.Core.Anonymous();
        var withTenantOnly = fixture.Core.WithHeaders((TenantMetadata.Header, tenant.TenantId));

        var ex = await RpcAssert.FailsWith(StatusCode.Unauthenticated, new LeadService.LeadServiceClient(withTenantOnly).ListLeadsAsync(new ListLeadsRequest()));
        Assert.Contains("Bearer", ex.Status.Detail);
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, new OrganizationService.OrganizationServiceClient(anonymous).CreateOrganizationAsync(SignUp()));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated,
            new PhoneNumberService.PhoneNumberServiceClient(anonymous).ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = TestData.UsNumber() }));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, new ProfileService.ProfileServiceClient(withTenantOnly).GetAgentConfigAsync(new GetAgentConfigRequest()));
    }

    [Theory]
    [InlineData("Bearer not-the-portal-credential-0123456789abcdef")]
    [InlineData("Bearer test-portal-credential-0123456789abcdeX")]
    [InlineData("Bearer ")]
    [InlineData("Basic dGVzdC1wb3J0YWwtY3JlZGVudGlhbC0wMTIzNDU2Nzg5YWJjZGVm")]
    [InlineData("test-portal-credential-0123456789abcdef")]
    [InlineData("Bearer cdk_short")]
    [InlineData("Bearer cdk_aaaaaaaaaaaa_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_wrong_credential_is_unauthenticated(string authorization)
    {
        var tenant = await fixture.NewTenantAsync();
        var invoker = fixture.Core.WithHeaders(("authorization", authorization), (TenantMetadata.Header, tenant.TenantId));

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, new LeadService.LeadServiceClient(invoker).ListLeadsAsync(new ListLeadsRequest()));
        await RpcAssert.FailsWith(StatusCode.Unauthenticated, new OrganizationService.OrganizationServiceClient(invoker).CreateOrganizationAsync(SignUp()));
    }

    [Fact]
    public async Task A_partner_key_with_a_wrong_secret_is_unauthenticated()
    {
        var tenant = await fixture.NewTenantAsync();
        var (secret, _) = await fixture.NewPartnerAsync(tenant);
        var tampered = secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a');

        var leads = new LeadService.LeadServiceClient(fixture.Core.AsPartner(tampered));

        await RpcAssert.FailsWith(StatusCode.Unauthenticated, leads.ListLeadsAsync(new ListLeadsRequest()));
    }

    [Fact]
    public async Task Both_internal_services_are_accepted()
    {
        var tenant = await fixture.NewTenantAsync();
        var voiceEdge = new LeadService.LeadServiceClient(fixture.Core.AsService(tenant.TenantId, CoreServer.VoiceCredential));

        var lead = await voiceEdge.CreateLeadAsync(new CreateLeadRequest { RequestId = "r1", Name = "Dana", Phone = "+15125550143" });

        Assert.Equal(lead.Id, (await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id })).Id);
    }

    [Fact]
    public async Task A_service_must_say_which_organization_it_acts_for()
    {
        var service = fixture.Core.AsService(null);

        var ex = await RpcAssert.FailsWith(StatusCode.InvalidArgument, new LeadService.LeadServiceClient(service).ListLeadsAsync(new ListLeadsRequest()));
        Assert.Contains(TenantMetadata.Header, ex.Status.Detail);
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, new OrganizationService.OrganizationServiceClient(service).GetOrganizationAsync(new GetOrganizationRequest()));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, new ProfileService.ProfileServiceClient(service).GetAgentConfigAsync(new GetAgentConfigRequest()));
        await RpcAssert.FailsWith(StatusCode.InvalidArgument, new ApiKeyService.ApiKeyServiceClient(service).ListApiKeysAsync(new ListApiKeysRequest()));
    }

    [Theory]
    [InlineData("3f2b8c9e-0000-4000-8000-000000000000")]
    [InlineData("not-a-uuid")]
    public async Task An_unknown_organization_is_not_found(string tenantId)
    {
        var service = fixture.Core.AsService(tenantId);

        await RpcAssert.FailsWith(StatusCode.NotFound, new LeadService.LeadServiceClient(service).ListLeadsAsync(new ListLeadsRequest()));
        await RpcAssert.FailsWith(StatusCode.NotFound, new OrganizationService.OrganizationServiceClient(service).GetOrganizationAsync(new GetOrganizationRequest()));
    }

    [Fact]
    public async Task A_partner_key_cannot_name_another_organization()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync("Other Co");
        var (secret, _) = await fixture.NewPartnerAsync(tenant);

        var forged = new LeadService.LeadServiceClient(fixture.Core.AsPartner(secret, forgedTenant: other.TenantId));

        await RpcAssert.FailsWith(StatusCode.PermissionDenied, forged.ListLeadsAsync(new ListLeadsRequest()));
    }

    [Fact]
    public async Task A_call_whose_deadline_has_passed_is_not_run()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.FailsWith(StatusCode.DeadlineExceeded,
            tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "late", Name = "Dana", Phone = "+15125550143" }, deadline: DateTime.UtcNow.AddSeconds(-1)));

        Assert.Empty((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
    }

    [Fact]
    public async Task Errors_never_leak_internals()
    {
        var tenant = await fixture.NewTenantAsync();

        var ex = await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = Guid.NewGuid().ToString() }));

        Assert.DoesNotContain("Exception", ex.Status.Detail);
        Assert.DoesNotContain(" at ", ex.Status.Detail);
        Assert.Equal("Lead", ex.GetRpcStatus()?.GetDetail<ResourceInfo>()?.ResourceType);
    }
}
