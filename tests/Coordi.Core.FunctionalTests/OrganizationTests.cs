using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class OrganizationTests(CoreFixture fixture)
{
    private OrganizationService.OrganizationServiceClient Platform => new(fixture.Core.AsService(null));

    private static CreateOrganizationRequest SignUp(string requestId) => new()
    {
        Name = "Lone Star Roofing",
        OwnerEmail = "owner@lonestar.example.com",
        TimeZone = "America/Chicago",
        RequestId = requestId,
    };

    [Fact]
    public async Task A_retried_sign_up_returns_the_organization_the_first_attempt_created()
    {
        var requestId = Guid.NewGuid().ToString();

        var first = await Platform.CreateOrganizationAsync(SignUp(requestId));
        var retry = await Platform.CreateOrganizationAsync(SignUp(requestId));

        Assert.Equal(first.Id, retry.Id);
        Assert.Equal(first.CreatedAt, retry.CreatedAt);
    }

    [Fact]
    public async Task Different_request_ids_create_different_organizations()
    {
        var one = await Platform.CreateOrganizationAsync(SignUp(Guid.NewGuid().ToString()));
        var two = await Platform.CreateOrganizationAsync(SignUp(Guid.NewGuid().ToString()));

        Assert.NotEqual(one.Id, two.Id);
    }

    [Fact]
    public async Task A_new_organization_has_its_sign_up_values_and_default_settings()
    {
        var created = await Platform.CreateOrganizationAsync(SignUp(Guid.NewGuid().ToString()));
        var organizations = new OrganizationService.OrganizationServiceClient(fixture.Core.AsService(created.Id));

        var fetched = await organizations.GetOrganizationAsync(new GetOrganizationRequest());

        Assert.Equal(created.Id, fetched.Id);
        Assert.Equal("Lone Star Roofing", fetched.Name);
        Assert.Equal("owner@lonestar.example.com", fetched.OwnerEmail);
        Assert.Equal("America/Chicago", fetched.TimeZone);
        Assert.True(fetched.RecordingEnabled);
        Assert.Equal(5, fetched.ConcurrentCallCap);
        Assert.NotNull(fetched.CreatedAt);
    }

    [Fact]
    public async Task The_owner_can_rename_move_and_reconfigure_the_organization()
    {
        var tenant = await fixture.NewTenantAsync();

        var updated = await tenant.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Name = "  Acme Plumbing & Drains  ",
            TimeZone = "America/Denver",
            RecordingEnabled = false,
            ConcurrentCallCap = 12,
        });
        var fetched = await tenant.Organizations.GetOrganizationAsync(new GetOrganizationRequest());

        Assert.Equal("Acme Plumbing & Drains", updated.Name);
        Assert.Equal(updated.Name, fetched.Name);
        Assert.Equal("America/Denver", fetched.TimeZone);
        Assert.False(fetched.RecordingEnabled);
        Assert.Equal(12, fetched.ConcurrentCallCap);
        Assert.True(fetched.UpdatedAt.ToDateTime() >= tenant.Organization.UpdatedAt.ToDateTime());
    }

    [Fact]
    public async Task Settings_left_out_of_an_update_keep_their_values()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Name = "Acme", TimeZone = "America/Chicago", RecordingEnabled = false, ConcurrentCallCap = 3,
        });

        var renamed = await tenant.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest { Name = "Acme Two", TimeZone = "America/Chicago" });

        Assert.Equal("Acme Two", renamed.Name);
        Assert.False(renamed.RecordingEnabled);
        Assert.Equal(3, renamed.ConcurrentCallCap);
    }

    [Theory]
    [InlineData("", "owner@example.com", "America/Chicago", "name")]
    [InlineData("Acme", "not-an-email", "America/Chicago", "owner_email")]
    [InlineData("Acme", "", "America/Chicago", "owner_email")]
    [InlineData("Acme", "owner@example.com", "Mars/Olympus_Mons", "time_zone")]
    [InlineData("Acme", "owner@example.com", "", "time_zone")]
    public async Task Sign_up_with_an_invalid_value_names_the_field(string name, string email, string timeZone, string field)
    {
        await RpcAssert.InvalidArgument(
            Platform.CreateOrganizationAsync(new CreateOrganizationRequest { Name = name, OwnerEmail = email, TimeZone = timeZone, RequestId = Guid.NewGuid().ToString() }),
            field);
    }

    [Fact]
    public async Task Sign_up_without_a_request_id_is_refused()
    {
        await RpcAssert.InvalidArgument(Platform.CreateOrganizationAsync(SignUp("")), "request_id");
    }

    [Fact]
    public async Task A_refused_sign_up_creates_nothing_so_its_retry_can_succeed()
    {
        var requestId = Guid.NewGuid().ToString();
        var invalid = SignUp(requestId);
        invalid.TimeZone = "Nowhere/Nothing";
        await RpcAssert.InvalidArgument(Platform.CreateOrganizationAsync(invalid), "time_zone");

        var created = await Platform.CreateOrganizationAsync(SignUp(requestId));

        Assert.Equal("America/Chicago", created.TimeZone);
    }

    [Theory]
    [InlineData("", "America/Chicago", 5, "name")]
    [InlineData("Acme", "Chicago", 5, "time_zone")]
    [InlineData("Acme", "America/Chicago", 0, "concurrent_call_cap")]
    [InlineData("Acme", "America/Chicago", 1001, "concurrent_call_cap")]
    public async Task An_update_with_an_invalid_value_names_the_field_and_changes_nothing(string name, string timeZone, int cap, string field)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(
            tenant.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest { Name = name, TimeZone = timeZone, ConcurrentCallCap = cap }),
            field);

        var unchanged = await tenant.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        Assert.Equal(tenant.Organization.Name, unchanged.Name);
        Assert.Equal(tenant.Organization.TimeZone, unchanged.TimeZone);
        Assert.Equal(tenant.Organization.ConcurrentCallCap, unchanged.ConcurrentCallCap);
    }

    [Fact]
    public async Task Sign_up_is_refused_to_partner_keys()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant);

        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            partner.Organizations.CreateOrganizationAsync(SignUp(Guid.NewGuid().ToString())));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied,
            partner.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest { Name = "Taken over", TimeZone = "America/Chicago" }));
    }

    [Fact]
    public async Task A_partner_key_reads_its_own_organization()
    {
        var tenant = await fixture.NewTenantAsync("Partnered Plumbing");
        var (_, partner) = await fixture.NewPartnerAsync(tenant, ApiKeyScope.Read);

        var organization = await partner.Organizations.GetOrganizationAsync(new GetOrganizationRequest());

        Assert.Equal(tenant.TenantId, organization.Id);
        Assert.Equal("Partnered Plumbing", organization.Name);
    }
}
