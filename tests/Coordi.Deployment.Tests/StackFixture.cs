namespace Coordi.Deployment.Tests;

/// <summary>A throw-away PostgreSQL, the real core, fakes of Twilio and OpenAI, and the real voice edge.</summary>
public sealed class StackFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public CoreServer Core { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeEmulator Realtime { get; private set; } = null!;

    public VoiceServer Voice { get; private set; } = null!;

    public TwilioCallerEmulator Twilio { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        Core = await CoreServer.StartAsync(await _cluster.CreateDatabaseAsync("coordi"));
        TwilioApi = await FakeTwilioApi.StartAsync(VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
        Realtime = await RealtimeEmulator.StartAsync(VoiceServer.OpenAiApiKey, VoiceServer.OpenAiModel);
        Voice = await VoiceServer.StartAsync(Core.GrpcAddress, TwilioApi, Realtime);
        Twilio = new TwilioCallerEmulator(Voice.BaseAddress, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
    }

    public async Task DisposeAsync()
    {
        Twilio?.Dispose();
        foreach (var disposable in new IAsyncDisposable?[] { Voice, Realtime, TwilioApi, Core, _cluster })
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// A business ready to take calls: agent and business profiles and a phone number. Its name carries a marker
    /// that identifies its calls' model sessions.
    /// </summary>
    public async Task<(TenantClients Clients, string Marker, string Number, string Greeting)> NewBusinessAsync()
    {
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..10];
        var name = $"Acme Plumbing {marker}";
        var organization = await new OrganizationService.OrganizationServiceClient(Core.AsService(null)).CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = name,
            OwnerEmail = $"owner+{marker}@example.com",
            TimeZone = "America/Chicago",
            RequestId = Guid.NewGuid().ToString(),
        });
        var clients = new TenantClients(organization, Core.AsService(organization.Id));
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
        var business = new BusinessProfile
        {
            BusinessName = name,
            Description = "Family-run plumbers serving Austin.",
            EscalationContacts = { new EscalationContact { Name = "Maria (owner)", Phone = TestData.UsNumber(), RingSeconds = 20 } },
            BookingRules = new BookingRules { SlotMinutes = 60 },
        };
        await clients.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = business });
        var number = await clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = "Main line" });
        return (clients, marker, number.E164, greeting);
    }
}

[CollectionDefinition(Name)]
public sealed class StackCollection : ICollectionFixture<StackFixture>
{
    public const string Name = "stack";
}
