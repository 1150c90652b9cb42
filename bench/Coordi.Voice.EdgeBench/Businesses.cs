using Coordi.Contracts.Rules;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;

namespace Coordi.Voice.EdgeBench;

/// <summary>Signs up, through the core's API, the businesses whose numbers the emulated callers dial.</summary>
public static class Businesses
{
    public static async Task<IReadOnlyList<string>> SeedAsync(Uri core, int count)
    {
        using var channel = GrpcChannel.ForAddress(core);
        var numbers = new List<string>(count);
        for (var index = 0; index < count; index++)
        {
            numbers.Add(await SeedOneAsync(channel, index));
        }

        return numbers;
    }

    private static async Task<string> SeedOneAsync(GrpcChannel channel, int index)
    {
        var name = $"Bench Plumbing {index:D3}";
        var organizations = new OrganizationService.OrganizationServiceClient(AsService(channel, null));
        var organization = await organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = name,
            OwnerEmail = $"owner+bench{index:D3}-{Guid.NewGuid():N}@example.com",
            TimeZone = "America/Chicago",
            RequestId = Guid.NewGuid().ToString(),
        });
        var clients = new TenantClients(organization, AsService(channel, organization.Id));
        await clients.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest { Name = name, TimeZone = organization.TimeZone, ConcurrentCallCap = 1000 });
        await clients.Profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest
        {
            Profile = new AgentProfile
            {
                Name = "Riley",
                Voice = "coral",
                Greeting = $"Thanks for calling {name}, this is Riley. How can I help?",
                Language = "en-US",
                Warmth = 70,
                Formality = 30,
                Verbosity = 30,
                Pace = 50,
                AiDisclosure = true,
                RecordingDisclosure = true,
                EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
            },
        });
        var business = new BusinessProfile
        {
            BusinessName = name,
            Description = "Family-run plumbers serving Austin.",
            BookingRules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 0 },
        };
        for (var day = 1; day <= 7; day++)
        {
            business.WeeklyHours.Add(new DailyHours { DayOfWeek = day, Open = new LocalTimeOfDay { Hour = 7 }, Close = new LocalTimeOfDay { Hour = 19 } });
        }

        await clients.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = business });
        var number = await clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = "Main line" });
        return number.E164;
    }

    private static CallInvoker AsService(GrpcChannel channel, string? tenantId) =>
        channel.Intercept(metadata =>
        {
            metadata.Add("authorization", "Bearer " + CoreServer.PortalCredential);
            if (tenantId is not null)
            {
                metadata.Add(TenantMetadata.Header, tenantId);
            }

            return metadata;
        });
}
