using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

[Collection(CoreCollection.Name)]
public sealed class LeadTests(CoreFixture fixture)
{
    private static CreateLeadRequest Dana(string? requestId = null) => new()
    {
        RequestId = requestId ?? Guid.NewGuid().ToString(),
        Name = " Dana Smith ",
        Phone = "+15125550143",
        Email = "dana@example.com",
        Address = "1200 Barton Springs Rd, Austin TX 78704",
        Service = "Water heater replacement",
        Urgency = Urgency.High,
        Notes = "Tank leaking in the garage.",
    };

    [Fact]
    public async Task A_lead_is_created_with_its_details_as_new()
    {
        var tenant = await fixture.NewTenantAsync();

        var lead = await tenant.Leads.CreateLeadAsync(Dana());
        var fetched = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        foreach (var l in new[] { lead, fetched })
        {
            Assert.Equal("Dana Smith", l.Name);
            Assert.Equal("+15125550143", l.Phone);
            Assert.Equal("dana@example.com", l.Email);
            Assert.Equal("1200 Barton Springs Rd, Austin TX 78704", l.Address);
            Assert.Equal("Water heater replacement", l.Service);
            Assert.Equal(Urgency.High, l.Urgency);
            Assert.Equal("Tank leaking in the garage.", l.Notes);
            Assert.Equal(LeadStatus.New, l.Status);
            Assert.Equal("portal", l.Source);
            Assert.Equal("", l.CallId);
            Assert.Empty(l.History);
            Assert.Empty(l.AppointmentIds);
        }
    }

    [Fact]
    public async Task A_created_lead_reads_back_with_the_timestamps_it_was_created_with()
    {
        var tenant = await fixture.NewTenantAsync();

        var created = await tenant.Leads.CreateLeadAsync(Dana());
        var fetched = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = created.Id });
        var listed = await tenant.Leads.ListLeadsAsync(new ListLeadsRequest { Created = new TimeRange { Start = created.CreatedAt } });

        Assert.Equal(created.CreatedAt, fetched.CreatedAt);
        Assert.Equal(created.UpdatedAt, fetched.UpdatedAt);
        Assert.Equal([created.Id], listed.Leads.Select(l => l.Id));
    }

    [Fact]
    public async Task A_retried_create_returns_the_lead_the_first_attempt_created()
    {
        var tenant = await fixture.NewTenantAsync();

        var first = await tenant.Leads.CreateLeadAsync(Dana("call-7/tool-call-3"));
        var retry = await tenant.Leads.CreateLeadAsync(Dana("call-7/tool-call-3"));

        Assert.Equal(first.Id, retry.Id);
        Assert.Single((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
    }

    [Fact]
    public async Task An_unspecified_urgency_is_normal_and_a_lead_from_a_call_is_sourced_to_it()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = "+15125550143", ToNumber = "+15125550100" });

        var lead = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = "r1", Name = "Dana", Phone = "+15125550143", CallId = call.Id });

        Assert.Equal(Urgency.Normal, lead.Urgency);
        Assert.Equal(call.Id, lead.CallId);
        Assert.Equal("call", lead.Source);
    }

    [Fact]
    public async Task A_lead_for_an_unknown_call_is_not_found()
    {
        var tenant = await fixture.NewTenantAsync();
        var request = Dana();
        request.CallId = Guid.NewGuid().ToString();

        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Leads.CreateLeadAsync(request));
    }

    public static TheoryData<string, Action<CreateLeadRequest>> InvalidLeads => new()
    {
        { "phone", r => r.Phone = "555-0143" },
        { "phone", r => r.Phone = "" },
        { "email", r => r.Email = "dana.example.com" },
        { "email", r => r.Email = "dana@" },
        { "name", r => r.Name = "" },
        { "request_id", r => r.RequestId = "" },
        { "request_id", r => r.RequestId = new string('r', 101) },
        { "urgency", r => r.Urgency = (Urgency)9 },
        { "call_id", r => r.CallId = "CA0123" },
    };

    [Theory]
    [MemberData(nameof(InvalidLeads))]
    public async Task An_invalid_lead_names_the_field_and_is_not_created(string field, Action<CreateLeadRequest> spoil)
    {
        var tenant = await fixture.NewTenantAsync();
        var request = Dana();
        spoil(request);

        await RpcAssert.InvalidArgument(tenant.Leads.CreateLeadAsync(request), field);

        Assert.Empty((await tenant.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);
    }

    [Fact]
    public async Task Unknown_and_malformed_lead_ids()
    {
        var tenant = await fixture.NewTenantAsync();

        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = Guid.NewGuid().ToString() }));
        await RpcAssert.InvalidArgument(tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = "42" }), "id");
        await RpcAssert.FailsWith(StatusCode.NotFound, tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest
        {
            Id = Guid.NewGuid().ToString(), Lead = new Lead { Status = LeadStatus.Won }, UpdateMask = { "status" },
        }));
    }

    [Fact]
    public async Task Listing_pages_newest_first_with_each_lead_once()
    {
        var tenant = await fixture.NewTenantAsync();
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add((await tenant.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = $"r{i}", Name = $"Caller {i}", Phone = "+15125550143" })).Id);
        }

        var seen = new List<Lead>();
        var token = "";
        do
        {
            var page = await tenant.Leads.ListLeadsAsync(new ListLeadsRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Leads);
            token = page.NextPageToken;
        }
        while (token != "");

        Assert.Equal(Enumerable.Reverse(created), seen.Select(l => l.Id));
    }

    [Fact]
    public async Task Listing_filters_by_status_text_call_and_creation_time()
    {
        var tenant = await fixture.NewTenantAsync();
        var call = await tenant.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = "+15125550143", ToNumber = "+15125550100" });
        var heater = await tenant.Leads.CreateLeadAsync(Dana());
        var drain = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = "drain", Name = "Lee Park", Phone = "+15125550177", Service = "Drain cleaning", Notes = "Kitchen sink backs up", CallId = call.Id,
        });
        var roof = await tenant.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = "roof", Name = "Ana Ruiz", Phone = "+15125550188", Email = "ana@ruiz.example", Address = "9 Elm St",
        });
        await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = roof.Id, Lead = new Lead { Status = LeadStatus.Lost }, UpdateMask = { "status" } });

        Assert.Equal([roof.Id], await Ids(tenant, new ListLeadsRequest { Status = LeadStatus.Lost }));
        Assert.Equal([drain.Id, heater.Id], await Ids(tenant, new ListLeadsRequest { Status = LeadStatus.New }));
        Assert.Equal([heater.Id], await Ids(tenant, new ListLeadsRequest { Text = "DANA" }));
        Assert.Equal([drain.Id], await Ids(tenant, new ListLeadsRequest { Text = "5550177" }));
        Assert.Equal([roof.Id], await Ids(tenant, new ListLeadsRequest { Text = "ruiz.example" }));
        Assert.Equal([roof.Id], await Ids(tenant, new ListLeadsRequest { Text = "elm st" }));
        Assert.Equal([drain.Id], await Ids(tenant, new ListLeadsRequest { Text = "drain" }));
        Assert.Equal([drain.Id], await Ids(tenant, new ListLeadsRequest { Text = "sink" }));
        Assert.Equal([heater.Id], await Ids(tenant, new ListLeadsRequest { Text = "barton" }));
        Assert.Empty(await Ids(tenant, new ListLeadsRequest { Text = "_" }));
        Assert.Equal([drain.Id], await Ids(tenant, new ListLeadsRequest { CallId = call.Id }));
        Assert.Equal([roof.Id, drain.Id], await Ids(tenant, new ListLeadsRequest { Created = new TimeRange { Start = drain.CreatedAt } }));
        Assert.Equal([heater.Id], await Ids(tenant, new ListLeadsRequest { Created = new TimeRange { End = drain.CreatedAt } }));
        Assert.Equal([drain.Id], await Ids(tenant, new ListLeadsRequest { Created = new TimeRange { Start = drain.CreatedAt, End = roof.CreatedAt } }));
        Assert.Empty(await Ids(tenant, new ListLeadsRequest { Status = LeadStatus.Lost, Text = "dana" }));
    }

    [Fact]
    public async Task A_malformed_list_request_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var now = Timestamp.FromDateTime(DateTime.UtcNow);

        await RpcAssert.InvalidArgument(tenant.Leads.ListLeadsAsync(new ListLeadsRequest { PageToken = "AAAA" }), "page_token");
        await RpcAssert.InvalidArgument(tenant.Leads.ListLeadsAsync(new ListLeadsRequest { Status = (LeadStatus)12 }), "status");
        await RpcAssert.InvalidArgument(tenant.Leads.ListLeadsAsync(new ListLeadsRequest { Text = new string('x', 201) }), "text");
        await RpcAssert.InvalidArgument(tenant.Leads.ListLeadsAsync(new ListLeadsRequest { CallId = "call-1" }), "call_id");
        await RpcAssert.InvalidArgument(tenant.Leads.ListLeadsAsync(new ListLeadsRequest { Created = new TimeRange { Start = now, End = now } }), "created");
    }

    [Fact]
    public async Task An_update_changes_only_the_masked_fields_and_records_each_change()
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(Dana());

        var updated = await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest
        {
            Id = lead.Id,
            Lead = new Lead { Status = LeadStatus.Contacted, Phone = "+15125550199", Name = "Ignored Because Unmasked", Urgency = Urgency.Emergency },
            UpdateMask = { "status", "phone", "urgency" },
            ChangedBy = "maria@acme.example.com",
        });
        var fetched = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        Assert.Equal(LeadStatus.Contacted, fetched.Status);
        Assert.Equal("+15125550199", fetched.Phone);
        Assert.Equal(Urgency.Emergency, fetched.Urgency);
        Assert.Equal("Dana Smith", fetched.Name);
        Assert.Equal("dana@example.com", fetched.Email);
        Assert.True(fetched.UpdatedAt.ToDateTime() > lead.UpdatedAt.ToDateTime());
        Assert.Equal(3, updated.History.Count);
        var changes = fetched.History.ToDictionary(h => h.Field);
        Assert.Equal(("new", "contacted"), (changes["status"].OldValue, changes["status"].NewValue));
        Assert.Equal(("+15125550143", "+15125550199"), (changes["phone"].OldValue, changes["phone"].NewValue));
        Assert.Equal(("high", "emergency"), (changes["urgency"].OldValue, changes["urgency"].NewValue));
        Assert.All(fetched.History, h => Assert.Equal("maria@acme.example.com", h.ChangedBy));
        Assert.All(fetched.History, h => Assert.NotNull(h.ChangedAt));
    }

    [Fact]
    public async Task History_accumulates_oldest_first_and_an_unchanged_value_adds_nothing()
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(Dana());

        await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Status = LeadStatus.Contacted }, UpdateMask = { "status" }, ChangedBy = "maria@acme.example.com" });
        await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Status = LeadStatus.Contacted }, UpdateMask = { "status" } });
        await tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, Lead = new Lead { Status = LeadStatus.Won, Notes = "  Signed the quote.  " }, UpdateMask = { "status", "notes" } });
        var fetched = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        Assert.Equal(
            [("status", "new", "contacted", "maria@acme.example.com"), ("status", "contacted", "won", "portal"), ("notes", "Tank leaking in the garage.", "Signed the quote.", "portal")],
            fetched.History.Select(h => (h.Field, h.OldValue, h.NewValue, h.ChangedBy)).OrderBy(h => h.Field == "notes"));
        Assert.Equal("Signed the quote.", fetched.Notes);
    }

    [Fact]
    public async Task A_partner_is_named_by_its_key_in_the_history_whatever_it_claims()
    {
        var tenant = await fixture.NewTenantAsync();
        var (_, partner) = await fixture.NewPartnerAsync(tenant);
        var lead = await partner.Leads.CreateLeadAsync(Dana());

        await partner.Leads.UpdateLeadAsync(new UpdateLeadRequest
        {
            Id = lead.Id, Lead = new Lead { Email = "dana.smith@example.com" }, UpdateMask = { "email" }, ChangedBy = "owner@acme.example.com",
        });
        var fetched = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });

        Assert.Equal("partner", fetched.Source);
        var change = Assert.Single(fetched.History);
        Assert.Equal("partner:crm-sync", change.ChangedBy);
        Assert.Equal(("email", "dana@example.com", "dana.smith@example.com"), (change.Field, change.OldValue, change.NewValue));
    }

    public static TheoryData<string, Lead, string[]> InvalidUpdates => new()
    {
        { "lead.phone", new Lead { Phone = "call me" }, ["phone"] },
        { "lead.email", new Lead { Email = "nobody" }, ["email"] },
        { "lead.status", new Lead { Status = LeadStatus.Unspecified }, ["status"] },
        { "lead.status", new Lead { Status = (LeadStatus)77 }, ["status"] },
        { "lead.urgency", new Lead { Urgency = Urgency.Unspecified }, ["urgency"] },
        { "lead.name", new Lead { Name = "" }, ["name"] },
        { "update_mask[1]", new Lead { Status = LeadStatus.Won }, ["status", "source"] },
        { "update_mask[0]", new Lead(), ["created_at"] },
        { "update_mask", new Lead { Status = LeadStatus.Won }, [] },
    };

    [Theory]
    [MemberData(nameof(InvalidUpdates))]
    public async Task An_invalid_update_names_the_field_and_changes_nothing(string field, Lead values, string[] mask)
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(Dana());
        var request = new UpdateLeadRequest { Id = lead.Id, Lead = values };
        request.UpdateMask.AddRange(mask);

        await RpcAssert.InvalidArgument(tenant.Leads.UpdateLeadAsync(request), field);

        var unchanged = await tenant.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id });
        Assert.Equal(LeadStatus.New, unchanged.Status);
        Assert.Empty(unchanged.History);
    }

    [Fact]
    public async Task An_update_without_values_is_refused()
    {
        var tenant = await fixture.NewTenantAsync();
        var lead = await tenant.Leads.CreateLeadAsync(Dana());

        await RpcAssert.InvalidArgument(tenant.Leads.UpdateLeadAsync(new UpdateLeadRequest { Id = lead.Id, UpdateMask = { "name" } }), "lead");
    }

    private static async Task<IReadOnlyList<string>> Ids(TenantClients tenant, ListLeadsRequest request) =>
        (await tenant.Leads.ListLeadsAsync(request)).Leads.Select(l => l.Id).ToList();
}
