using Coordi.Contracts.V1;
using Coordi.Testing;

namespace Coordi.Deployment.Tests;

/// <summary>
/// A business ready to take calls: agent and business profiles, a phone number, and optionally its own
/// integrations. Its name carries a marker that identifies its calls' model sessions.
/// </summary>
public static class CallReadyBusiness
{
    public static async Task<(TenantClients Clients, string Marker, string Number, string Greeting)> CreateAsync(
        CoreServer core, UpdateIntegrationsRequest? integrations = null)
    {
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..10];
        var name = $"Acme Plumbing {marker}";
        var organization = await new OrganizationService.OrganizationServiceClient(core.AsService(null)).CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = name,
            OwnerEmail = $"owner+{marker}@example.com",
            TimeZone = "America/Chicago",
            RequestId = Guid.NewGuid().ToString(),
        });
        var clients = new TenantClients(organization, core.AsService(organization.Id));
        if (integrations is not null)
        {
            await clients.Integrations.UpdateIntegrationsAsync(integrations);
        }

        var greeting = $"Thanks for calling {name}, this is Riley. How can I help?";
        await clients.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest
        {
            Profile = new AgentProfile
            {
                Name = "Riley",
                Voice = "coral",
                Greeting = greeting,
                Language = "en-US",
                Warmth = 70,
                Formality = 30,
                Verbosity = 30,
                Pace = 50,
                EscalationPolicy = EscalationPolicy.OnRequest,
            },
        });
        await clients.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest
        {
            Profile = new BusinessProfile
            {
                BusinessName = name,
                Description = "Family-run plumbers serving Austin.",
                EscalationContacts = { new EscalationContact { Name = "Maria (owner)", Phone = TestData.UsNumber(), RingSeconds = 20 } },
                BookingRules = new BookingRules { SlotMinutes = 60 },
            },
        });
        var number = await clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = "Main line" });
        return (clients, marker, number.E164, greeting);
    }
}
