using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class PhoneNumberTests(CoreFixture fixture)
{
    /// <summary>The voice edge routes a dialled number before any tenant is known, so it sends no tenant metadata.</summary>
    private PhoneNumberService.PhoneNumberServiceClient VoiceEdge => new(fixture.Core.AsService(null, CoreServer.VoiceCredential));

    [Fact]
    public async Task An_assigned_number_is_listed_with_its_label_and_twilio_sid()
    {
        var tenant = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        var twilioSid = "PN" + new string('0', 31) + "1";

        var assigned = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164, Label = " Main line ", TwilioSid = twilioSid });
        var listed = await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest());

        Assert.Equal(e164, assigned.E164);
        Assert.Equal("Main line", assigned.Label);
        Assert.Equal(twilioSid, assigned.TwilioSid);
        var only = Assert.Single(listed.PhoneNumbers);
        Assert.Equal(assigned.Id, only.Id);
        Assert.Equal(e164, only.E164);
        Assert.Equal("", listed.NextPageToken);
    }

    [Fact]
    public async Task Paging_through_the_numbers_returns_each_exactly_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var assigned = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            assigned.Add((await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = $"Line {i}" })).Id);
        }

        var seen = new List<string>();
        var pages = 0;
        var token = "";
        do
        {
            var page = await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = 3, PageToken = token });
            Assert.True(page.PhoneNumbers.Count <= 3);
            seen.AddRange(page.PhoneNumbers.Select(p => p.Id));
            token = page.NextPageToken;
            pages++;
        }
        while (token != "");

        Assert.Equal(3, pages);
        Assert.Equal(assigned, seen);
    }

    [Fact]
    public async Task A_page_exactly_as_large_as_the_list_has_no_next_page()
    {
        var tenant = await fixture.NewTenantAsync();
        await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });
        await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });

        var page = await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = 2 });

        Assert.Equal(2, page.PhoneNumbers.Count);
        Assert.Equal("", page.NextPageToken);
    }

    [Fact]
    public async Task A_released_number_is_gone_and_can_be_assigned_again()
    {
        var tenant = await fixture.NewTenantAsync();
        var other = await fixture.NewTenantAsync("Other Co");
        var e164 = TestData.UsNumber();
        var assigned = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 });

        await tenant.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = assigned.Id });

        Assert.Empty((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        await RpcAssert.FailsWith(StatusCode.NotFound, VoiceEdge.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = e164 }));
        var reassigned = await other.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 });
        Assert.Equal(e164, reassigned.E164);
    }

    [Fact]
    public async Task Releasing_an_unknown_number_is_not_found()
    {
        var tenant = await fixture.NewTenantAsync();
        var assigned = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() });
        await tenant.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = assigned.Id });

        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = assigned.Id }));
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = Guid.NewGuid().ToString() }));
        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = "line-1" }), "id");
    }

    [Fact]
    public async Task A_number_held_by_another_organization_cannot_be_assigned()
    {
        var holder = await fixture.NewTenantAsync("Holder");
        var newcomer = await fixture.NewTenantAsync("Newcomer");
        var e164 = TestData.UsNumber();
        await holder.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 });

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists, newcomer.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 }));

        Assert.Equal("NUMBER_TAKEN", RpcAssert.ErrorInfoOf(ex).Reason);
        Assert.Contains(e164, ex.Status.Detail);
        Assert.DoesNotContain("Holder", ex.Status.Detail);
        Assert.Empty((await newcomer.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Fact]
    public async Task Assigning_a_number_twice_to_the_same_organization_is_refused_too()
    {
        var tenant = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 });

        await RpcAssert.FailsWith(StatusCode.AlreadyExists, tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 }));

        Assert.Single((await tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
    }

    [Theory]
    [InlineData("5125550100")]
    [InlineData("+1 512 555 0100")]
    [InlineData("+1555")]
    [InlineData("+15125550100999")]
    [InlineData("")]
    public async Task A_number_not_in_e164_form_is_refused(string e164)
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 }), "e164");
        await RpcAssert.InvalidArgument(VoiceEdge.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = e164 }), "e164");
    }

    [Fact]
    public async Task A_malformed_twilio_sid_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(
            tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), TwilioSid = "CA" + new string('0', 32) }),
            "twilio_sid");
    }

    [Fact]
    public async Task A_malformed_page_request_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageToken = "not-a-token" }), "page_token");
        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = 201 }), "page_size");
        await RpcAssert.InvalidArgument(tenant.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = -1 }), "page_size");
    }

    [Fact]
    public async Task The_voice_edge_resolves_a_dialled_number_to_its_tenant_and_agent_config()
    {
        var tenant = await fixture.NewTenantAsync("Resolved Roofing");
        await tenant.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SampleProfiles.Agent("Resolved Roofing, Riley speaking.") });
        var e164 = TestData.UsNumber();
        var assigned = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 });

        var route = await VoiceEdge.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = e164 });

        Assert.Equal(tenant.TenantId, route.TenantId);
        Assert.Equal(assigned.Id, route.PhoneNumberId);
        Assert.Equal(tenant.TenantId, route.AgentConfig.TenantId);
        Assert.Equal("Resolved Roofing", route.AgentConfig.OrganizationName);
        Assert.Equal("Resolved Roofing, Riley speaking.", route.AgentConfig.Agent.Greeting);
        Assert.Contains("Resolved Roofing, Riley speaking.", route.AgentConfig.SystemPrompt);
        Assert.Equal(6, route.AgentConfig.Tools.Count);
    }

    [Fact]
    public async Task An_unknown_dialled_number_is_not_found()
    {
        await RpcAssert.FailsWith(StatusCode.NotFound, VoiceEdge.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = TestData.UsNumber() }));
    }

    [Fact]
    public async Task Partners_may_list_numbers_but_not_assign_release_or_resolve_them()
    {
        var tenant = await fixture.NewTenantAsync();
        var e164 = TestData.UsNumber();
        var assigned = await tenant.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = e164 });
        var (_, partner) = await fixture.NewPartnerAsync(tenant);

        Assert.Single((await partner.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest())).PhoneNumbers);
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, partner.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber() }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, partner.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = assigned.Id }));
        await RpcAssert.FailsWith(StatusCode.PermissionDenied, partner.PhoneNumbers.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = e164 }));
    }
}
