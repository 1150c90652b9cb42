using System.Globalization;
using Coordi.Core.Infrastructure;
using Coordi.MultiTenancy;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Model = Coordi.Core.Model;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// Two organizations, A and B, each with one of everything. A tries to reach B's data through every RPC and
/// every kind of credential; each attempt must be refused, and B, read through its own clients afterwards,
/// must be exactly as it was.
/// </summary>
[Collection(CoreCollection.Name)]
public sealed class TenantIsolationTests(CoreFixture fixture) : IAsyncLifetime
{
    private SeededTenant _a = null!;
    private SeededTenant _b = null!;

    public async Task InitializeAsync()
    {
        _a = await SeededTenant.CreateAsync(fixture, "Alpha Plumbing");
        _b = await SeededTenant.CreateAsync(fixture, "Bravo Roofing");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void The_rpc_table_covers_every_rpc_of_the_contract()
    {
        Assert.Equal(EveryRpc.ContractMethods().Order(), EveryRpc.All.Select(r => r.Name).Order());
    }

    [Fact]
    public async Task Rpcs_naming_another_tenants_records_find_nothing_and_change_nothing()
    {
        var (_, partner) = await fixture.NewPartnerAsync(_a.Clients, ApiKeyScope.ReadWrite);
        var bBefore = await TenantSnapshot.TakeAsync(_b);
        var aBefore = await TenantSnapshot.TakeAsync(_a);
        var namingRecords = EveryRpc.All.Where(r => r.NamesRecord).ToList();

        var voice = new TenantClients(_a.Clients.Organization, fixture.Core.AsService(_a.TenantId, CoreServer.VoiceCredential));
        var asPortal = await EveryRpc.MismatchesAsync(namingRecords, _a.Clients, _b,
            r => r.Access == RpcAccess.VoiceOnly ? StatusCode.PermissionDenied : StatusCode.NotFound);
        var asVoice = await EveryRpc.MismatchesAsync(namingRecords, voice, _b, _ => StatusCode.NotFound);
        var asPartner = await EveryRpc.MismatchesAsync(namingRecords, partner, _b,
            r => r.Access is RpcAccess.ServiceOnly or RpcAccess.VoiceOnly ? StatusCode.PermissionDenied : StatusCode.NotFound);

        Assert.Empty(asPortal);
        Assert.Empty(asVoice);
        Assert.Empty(asPartner);
        await bBefore.AssertUnchangedAsync(_b);
        await aBefore.AssertUnchangedAsync(_a);
    }

    [Fact]
    public async Task A_partner_key_that_names_another_tenant_is_refused_for_every_rpc()
    {
        var (key, _) = await fixture.NewPartnerAsync(_a.Clients, ApiKeyScope.ReadWrite);
        var forged = new TenantClients(_a.Clients.Organization, fixture.Core.AsPartner(key, forgedTenant: _b.TenantId));
        var bBefore = await TenantSnapshot.TakeAsync(_b);
        var aBefore = await TenantSnapshot.TakeAsync(_a);

        var mismatches = await EveryRpc.MismatchesAsync(EveryRpc.All, forged, _b, _ => StatusCode.PermissionDenied);

        Assert.Empty(mismatches);
        await bBefore.AssertUnchangedAsync(_b);
        await aBefore.AssertUnchangedAsync(_a);
    }

    [Fact]
    public async Task A_revoked_key_is_unauthenticated_for_every_rpc()
    {
        var (key, partner) = await fixture.NewPartnerAsync(_a.Clients, ApiKeyScope.ReadWrite);
        var created = await partner.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        Assert.Equal(_a.TenantId, created.Id);
        var keyId = (await _a.Clients.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest())).ApiKeys.Single(k => key.StartsWith(k.Prefix + "_", StringComparison.Ordinal)).Id;
        await _a.Clients.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = keyId });
        var aBefore = await TenantSnapshot.TakeAsync(_a);

        var mismatches = await EveryRpc.MismatchesAsync(EveryRpc.All, partner, _a, _ => StatusCode.Unauthenticated);

        Assert.Empty(mismatches);
        await aBefore.AssertUnchangedAsync(_a);
    }

    [Fact]
    public async Task A_read_only_key_reads_but_cannot_write()
    {
        var (_, reader) = await fixture.NewPartnerAsync(_a.Clients, ApiKeyScope.Read);
        await reader.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        var aBefore = await TenantSnapshot.TakeAsync(_a);

        var mismatches = await EveryRpc.MismatchesAsync(EveryRpc.All, reader, _a,
            r => r.Access == RpcAccess.TenantRead ? null : StatusCode.PermissionDenied);

        Assert.Empty(mismatches);
        await aBefore.AssertUnchangedAsync(_a);
    }

    [Fact]
    public async Task A_read_write_key_cannot_call_service_only_rpcs()
    {
        var (_, partner) = await fixture.NewPartnerAsync(_a.Clients, ApiKeyScope.ReadWrite);
        await partner.Organizations.GetOrganizationAsync(new GetOrganizationRequest());
        var aBefore = await TenantSnapshot.TakeAsync(_a);

        var mismatches = await EveryRpc.MismatchesAsync(EveryRpc.All.Where(r => r.Access is RpcAccess.ServiceOnly or RpcAccess.VoiceOnly), partner, _a,
            _ => StatusCode.PermissionDenied);

        Assert.Empty(mismatches);
        await aBefore.AssertUnchangedAsync(_a);
    }

    [Fact]
    public async Task List_rpcs_return_only_the_callers_rows_whatever_the_filters()
    {
        var (_, partner) = await fixture.NewPartnerAsync(_a.Clients, ApiKeyScope.Read);
        foreach (var a in new[] { _a.Clients, partner })
        {
            var calls = await a.Calls.ListCallsAsync(new ListCallsRequest { PageSize = 200 });
            Assert.Equal([_a.Call.Id], calls.Calls.Select(c => c.Id));
            Assert.Empty((await a.Calls.ListCallsAsync(new ListCallsRequest { Text = _b.Marker })).Calls);
            Assert.Empty((await a.Calls.ListCallsAsync(new ListCallsRequest { Text = _b.Call.FromNumber })).Calls);

            var leads = await a.Leads.ListLeadsAsync(new ListLeadsRequest { PageSize = 200 });
            Assert.Equal([_a.Lead.Id], leads.Leads.Select(l => l.Id));
            Assert.Empty((await a.Leads.ListLeadsAsync(new ListLeadsRequest { CallId = _b.Call.Id })).Leads);
            Assert.Empty((await a.Leads.ListLeadsAsync(new ListLeadsRequest { Text = _b.Marker })).Leads);

            var appointments = await a.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { PageSize = 200 });
            Assert.Equal([_a.Appointment.Id], appointments.Appointments.Select(x => x.Id));
            Assert.Empty((await a.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { LeadId = _b.Lead.Id })).Appointments);

            var numbers = await a.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = 200 });
            Assert.Equal([_a.Number.Id], numbers.PhoneNumbers.Select(n => n.Id));
        }

        // Partners cannot list keys at all; services see their own tenant's keys only.
        var keys = await _a.Clients.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { PageSize = 200, IncludeRevoked = true });
        Assert.Contains(_a.ApiKey.Id, keys.ApiKeys.Select(k => k.Id));
        Assert.DoesNotContain(_b.ApiKey.Id, keys.ApiKeys.Select(k => k.Id));
        Assert.All(keys.ApiKeys, k => Assert.NotEqual(_b.ApiKey.Prefix, k.Prefix));
    }

    [Fact]
    public async Task Rpcs_without_ids_act_on_the_callers_own_organization()
    {
        var a = _a.Clients;

        Assert.Equal(_a.TenantId, (await a.Organizations.GetOrganizationAsync(new GetOrganizationRequest())).Id);
        Assert.Contains(_a.Marker, (await a.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest())).WebhookUrl, StringComparison.Ordinal);
        var config = await a.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest());
        Assert.Equal(_a.TenantId, config.TenantId);
        Assert.Equal("Alpha Plumbing", config.OrganizationName);
        Assert.DoesNotContain("Bravo Roofing", config.SystemPrompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_count_only_the_callers_calls()
    {
        foreach (var status in new[] { CallStatus.Completed, CallStatus.Missed })
        {
            var extra = await _b.Clients.Calls.StartCallAsync(new StartCallRequest
            {
                TwilioCallSid = TestData.CallSid(),
                FromNumber = TestData.UsNumber(),
                ToNumber = _b.Number.E164,
            });
            await _b.Clients.Calls.CompleteCallAsync(new CompleteCallRequest { CallId = extra.Id, Status = status, DurationSeconds = 60 });
        }

        var range = new GetMetricsRequest
        {
            FromDate = DateTime.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ToDate = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        var a = (await _a.Clients.Metrics.GetMetricsAsync(range)).Totals;
        var b = (await _b.Clients.Metrics.GetMetricsAsync(range)).Totals;

        Assert.Equal((1, 1, 0, 1, 1), (a.CallsTotal, a.CallsAnswered, a.CallsMissed, a.Leads, a.BookedEstimates));
        Assert.Equal(180, a.AverageDurationSeconds);
        Assert.Equal((3, 2, 1), (b.CallsTotal, b.CallsAnswered, b.CallsMissed));
    }

    [Fact]
    public async Task Writes_with_another_tenants_call_id_are_not_found_and_store_nothing()
    {
        var bBefore = await TenantSnapshot.TakeAsync(_b);
        var aBefore = await TenantSnapshot.TakeAsync(_a);
        var a = _a.Clients;

        await RpcAssert.FailsWith(StatusCode.NotFound, a.Calls.AppendTranscriptTurnsAsync(new AppendTranscriptTurnsRequest
        {
            CallId = _b.Call.Id,
            Turns = { new TranscriptTurn { Sequence = 2, Speaker = Speaker.Caller, Text = "Planted turn", OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) } },
        }));
        await RpcAssert.FailsWith(StatusCode.NotFound, a.Calls.RecordToolInvocationAsync(new RecordToolInvocationRequest
        {
            CallId = _b.Call.Id,
            ToolCallId = "call_planted",
            Name = "book_appointment",
            Status = ToolInvocationStatus.Failed,
        }));
        await RpcAssert.FailsWith(StatusCode.NotFound, a.Leads.CreateLeadAsync(new CreateLeadRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Name = "Planted Lead",
            Phone = TestData.UsNumber(),
            CallId = _b.Call.Id,
        }));
        await RpcAssert.FailsWith(StatusCode.NotFound, a.Appointments.BookAppointmentAsync(new BookAppointmentRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            Start = _a.FreeSlot,
            CallId = _b.Call.Id,
        }));

        var bCall = await _b.Clients.Calls.GetCallAsync(new GetCallRequest { Id = _b.Call.Id });
        Assert.Equal([0, 1], bCall.Transcript.Select(t => t.Sequence));
        Assert.Equal(["call_" + _b.Marker], bCall.ToolInvocations.Select(t => t.ToolCallId));
        Assert.Equal([_b.Lead.Id], bCall.LeadIds);
        await bBefore.AssertUnchangedAsync(_b);
        await aBefore.AssertUnchangedAsync(_a);
    }

    [Fact]
    public async Task Changes_to_another_tenants_records_are_not_found_and_leave_them_as_they_were()
    {
        var bBefore = await TenantSnapshot.TakeAsync(_b);
        var a = _a.Clients;

        await RpcAssert.FailsWith(StatusCode.NotFound, a.Leads.UpdateLeadAsync(new UpdateLeadRequest
        {
            Id = _b.Lead.Id,
            Lead = new Lead { Status = LeadStatus.Lost },
            UpdateMask = { "status" },
        }));
        await RpcAssert.FailsWith(StatusCode.NotFound, a.Appointments.CancelAppointmentAsync(new CancelAppointmentRequest { Id = _b.Appointment.Id }));
        await RpcAssert.FailsWith(StatusCode.NotFound, a.PhoneNumbers.ReleasePhoneNumberAsync(new ReleasePhoneNumberRequest { Id = _b.Number.Id }));
        await RpcAssert.FailsWith(StatusCode.NotFound, a.ApiKeys.RevokeApiKeyAsync(new RevokeApiKeyRequest { Id = _b.ApiKey.Id }));

        await bBefore.AssertUnchangedAsync(_b);
        Assert.Equal(LeadStatus.Booked, bBefore.Lead.Status);
        Assert.Equal(AppointmentStatus.Booked, bBefore.Appointment.Status);
        var route = await Platform().ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = _b.Number.E164 });
        Assert.Equal(_b.TenantId, route.TenantId);
        var bPartner = new OrganizationService.OrganizationServiceClient(fixture.Core.AsPartner(_b.ApiKeySecret));
        Assert.Equal(_b.TenantId, (await bPartner.GetOrganizationAsync(new GetOrganizationRequest())).Id);
    }

    [Fact]
    public async Task Idempotency_keys_of_another_tenant_never_return_its_records()
    {
        var bBefore = await TenantSnapshot.TakeAsync(_b);
        var a = _a.Clients;

        var call = await a.Calls.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = _b.Call.TwilioCallSid,
            FromNumber = TestData.UsNumber(),
            ToNumber = _a.Number.E164,
        });
        var lead = await a.Leads.CreateLeadAsync(new CreateLeadRequest { RequestId = _b.LeadRequestId, Name = "Sam Ortiz", Phone = TestData.UsNumber() });
        var appointment = await a.Appointments.BookAppointmentAsync(new BookAppointmentRequest { RequestId = _b.AppointmentRequestId, Start = _a.FreeSlot });

        Assert.NotEqual(_b.Call.Id, call.Id);
        Assert.Equal(_a.Number.E164, call.ToNumber);
        Assert.NotEqual(_b.Lead.Id, lead.Id);
        Assert.Equal("Sam Ortiz", lead.Name);
        Assert.NotEqual(_b.Appointment.Id, appointment.Id);
        Assert.Equal(_a.FreeSlot, appointment.Start);
        await bBefore.AssertUnchangedAsync(_b);
    }

    [Fact]
    public async Task A_number_held_by_another_tenant_cannot_be_assigned()
    {
        var bBefore = await TenantSnapshot.TakeAsync(_b);

        var ex = await RpcAssert.FailsWith(StatusCode.AlreadyExists,
            _a.Clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = _b.Number.E164 }));

        Assert.DoesNotContain(_b.Clients.Organization.Name, ex.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_b.TenantId, ex.Status.Detail, StringComparison.OrdinalIgnoreCase);
        var route = await Platform().ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = _b.Number.E164 });
        Assert.Equal(_b.TenantId, route.TenantId);
        await bBefore.AssertUnchangedAsync(_b);
    }

    [Fact]
    public async Task A_query_without_a_tenant_throws_instead_of_returning_rows()
    {
        await using var scope = fixture.Core.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();

        await Assert.ThrowsAsync<TenantNotResolvedException>(() => db.Leads.ToListAsync());
        await Assert.ThrowsAsync<TenantNotResolvedException>(() => db.Calls.CountAsync());
        await Assert.ThrowsAsync<TenantNotResolvedException>(() => db.Appointments.AnyAsync(x => x.Id == Guid.Parse(_b.Appointment.Id)));
        await Assert.ThrowsAsync<TenantNotResolvedException>(async () => await db.Leads.FindAsync(Guid.Parse(_b.Lead.Id)));
    }

    [Fact]
    public async Task Modifying_another_tenants_row_in_this_tenants_context_is_refused()
    {
        var bLead = await LoadAsync(_b, db => db.Leads.AsNoTracking().SingleAsync(l => l.Id == Guid.Parse(_b.Lead.Id)));

        await using (var scope = TenantScope(_a, out var db))
        {
            db.Leads.Attach(bLead);
            bLead.Notes = "Rewritten from another organization.";
            bLead.Status = Model.LeadStatus.Lost;
            await Assert.ThrowsAsync<CrossTenantAccessException>(() => db.SaveChangesAsync());
        }

        var stored = await _b.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = _b.Lead.Id });
        Assert.Equal(_b.Marker, stored.Notes);
        Assert.Equal(LeadStatus.Booked, stored.Status);
    }

    [Fact]
    public async Task Deleting_another_tenants_row_in_this_tenants_context_is_refused()
    {
        var bAppointment = await LoadAsync(_b, db => db.Appointments.AsNoTracking().SingleAsync(x => x.Id == Guid.Parse(_b.Appointment.Id)));

        await using (var scope = TenantScope(_a, out var db))
        {
            db.Appointments.Remove(bAppointment);
            await Assert.ThrowsAsync<CrossTenantAccessException>(() => db.SaveChangesAsync());
        }

        var stored = await _b.Clients.Appointments.GetAppointmentAsync(new GetAppointmentRequest { Id = _b.Appointment.Id });
        Assert.Equal(AppointmentStatus.Booked, stored.Status);
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_is_refused()
    {
        await using (var scope = TenantScope(_a, out var db))
        {
            var lead = await db.Leads.SingleAsync(l => l.Id == Guid.Parse(_a.Lead.Id));
            lead.TenantId = Guid.Parse(_b.TenantId);
            await Assert.ThrowsAsync<CrossTenantAccessException>(() => db.SaveChangesAsync());
        }

        await _a.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = _a.Lead.Id });
        await RpcAssert.FailsWith(StatusCode.NotFound, _b.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = _a.Lead.Id }));
    }

    [Fact]
    public async Task A_new_row_is_stamped_with_the_current_tenant()
    {
        var lead = NewLead();

        await using (var scope = TenantScope(_a, out var db))
        {
            db.Leads.Add(lead);
            await db.SaveChangesAsync();
        }

        Assert.Equal(Guid.Parse(_a.TenantId), lead.TenantId);
        var stored = await _a.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id.ToString() });
        Assert.Equal(lead.Name, stored.Name);
        await RpcAssert.FailsWith(StatusCode.NotFound, _b.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id.ToString() }));
    }

    [Fact]
    public async Task A_new_row_carrying_another_tenants_id_is_refused()
    {
        var bBefore = await TenantSnapshot.TakeAsync(_b);
        var lead = NewLead();
        lead.TenantId = Guid.Parse(_b.TenantId);

        await using (var scope = TenantScope(_a, out var db))
        {
            db.Leads.Add(lead);
            await Assert.ThrowsAsync<CrossTenantAccessException>(() => db.SaveChangesAsync());
        }

        await RpcAssert.FailsWith(StatusCode.NotFound, _b.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id.ToString() }));
        await RpcAssert.FailsWith(StatusCode.NotFound, _a.Clients.Leads.GetLeadAsync(new GetLeadRequest { Id = lead.Id.ToString() }));
        await bBefore.AssertUnchangedAsync(_b);
    }

    private PhoneNumberService.PhoneNumberServiceClient Platform() =>
        new(fixture.Core.AsService(null, CoreServer.VoiceCredential));

    /// <summary>A scope of the core's own services whose tenant is set, as the authorization interceptor sets it.</summary>
    private AsyncServiceScope TenantScope(SeededTenant tenant, out CoreDbContext db)
    {
        var scope = fixture.Core.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContextAccessor>()
            .SetTenant(new TenantInfo(Guid.Parse(tenant.TenantId), tenant.Clients.Organization.Name));
        db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        return scope;
    }

    private async Task<T> LoadAsync<T>(SeededTenant tenant, Func<CoreDbContext, Task<T>> query)
    {
        await using var scope = TenantScope(tenant, out var db);
        return await query(db);
    }

    private static Model.Lead NewLead() => new()
    {
        Id = Guid.CreateVersion7(),
        RequestId = Guid.NewGuid().ToString(),
        Name = "Written Directly " + Guid.NewGuid().ToString("N")[..6],
        Phone = "+15125550143",
        Source = "portal",
        CreatedAt = DateTime.UtcNow,
        UpdatedAt = DateTime.UtcNow,
    };
}
