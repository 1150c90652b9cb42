namespace Coordi.Core.FunctionalTests;

/// <summary>
/// Everything a seeded tenant can read about itself, read through its own clients. Two snapshots taken before
/// and after another caller's attempts prove that nothing of the tenant was changed or added.
/// </summary>
public sealed record TenantSnapshot(
    Organization Organization,
    AgentProfile Agent,
    BusinessProfile Business,
    Integrations Integrations,
    Call Call,
    Lead Lead,
    Appointment Appointment,
    ListCallsResponse Calls,
    ListLeadsResponse Leads,
    ListAppointmentsResponse Appointments,
    ListPhoneNumbersResponse PhoneNumbers,
    ListApiKeysResponse ApiKeys)
{
    public static async Task<TenantSnapshot> TakeAsync(SeededTenant tenant)
    {
        var c = tenant.Clients;
        var apiKeys = await c.ApiKeys.ListApiKeysAsync(new ListApiKeysRequest { PageSize = 200, IncludeRevoked = true });
        foreach (var key in apiKeys.ApiKeys)
        {
            // Authentication records when a key was last used; that is bookkeeping, not data a caller changes.
            key.LastUsedAt = null;
        }

        return new TenantSnapshot(
            await c.Organizations.GetOrganizationAsync(new GetOrganizationRequest()),
            await c.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest()),
            await c.Profiles.GetBusinessProfileAsync(new GetBusinessProfileRequest()),
            await c.Integrations.GetIntegrationsAsync(new GetIntegrationsRequest()),
            await c.Calls.GetCallAsync(new GetCallRequest { Id = tenant.Call.Id }),
            await c.Leads.GetLeadAsync(new GetLeadRequest { Id = tenant.Lead.Id }),
            await c.Appointments.GetAppointmentAsync(new GetAppointmentRequest { Id = tenant.Appointment.Id }),
            await c.Calls.ListCallsAsync(new ListCallsRequest { PageSize = 200 }),
            await c.Leads.ListLeadsAsync(new ListLeadsRequest { PageSize = 200 }),
            await c.Appointments.ListAppointmentsAsync(new ListAppointmentsRequest { PageSize = 200 }),
            await c.PhoneNumbers.ListPhoneNumbersAsync(new ListPhoneNumbersRequest { PageSize = 200 }),
            apiKeys);
    }

    /// <summary>Reads the tenant again and asserts every part equals this snapshot.</summary>
    public async Task AssertUnchangedAsync(SeededTenant tenant)
    {
        var now = await TakeAsync(tenant);
        Assert.Equal(Organization, now.Organization);
        Assert.Equal(Agent, now.Agent);
        Assert.Equal(Business, now.Business);
        Assert.Equal(Integrations, now.Integrations);
        Assert.Equal(Call, now.Call);
        Assert.Equal(Lead, now.Lead);
        Assert.Equal(Appointment, now.Appointment);
        Assert.Equal(Calls, now.Calls);
        Assert.Equal(Leads, now.Leads);
        Assert.Equal(Appointments, now.Appointments);
        Assert.Equal(PhoneNumbers, now.PhoneNumbers);
        Assert.Equal(ApiKeys, now.ApiKeys);
    }
}
