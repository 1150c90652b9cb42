using Grpc.Core;

namespace Coordi.Voice.Tests;

/// <summary>
/// One stack for the voice tests: a throw-away PostgreSQL, the real core, the fakes of Twilio and OpenAI, and the
/// real voice edge between them. The core and the edge can be stopped and brought back at the same address (and,
/// for the edge, with the same data folder), as a restart in production would.
/// </summary>
public sealed class VoiceFixture : IAsyncLifetime
{
    private readonly string _voiceData = Path.Combine(Path.GetTempPath(), "coordi-voice-tests-" + Guid.NewGuid().ToString("N")[..12]);
    private PostgresCluster? _cluster;
    private string _connectionString = "";
    private int _coreGrpcPort;
    private int _coreHealthPort;
    private int _voicePort;
    private bool _coreRunning;

    public CoreServer Core { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeEmulator Realtime { get; private set; } = null!;

    /// <summary>Stripe's API as the core reaches it, for subscriptions and signed webhooks.</summary>
    public FakeStripeApi Stripe { get; private set; } = null!;

    public VoiceServer Voice { get; private set; } = null!;

    /// <summary>Twilio placing calls to the edge, signing with the platform's auth token.</summary>
    public TwilioCallerEmulator Twilio { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        _connectionString = await _cluster.CreateDatabaseAsync("coordi");
        Stripe = await FakeStripeApi.StartAsync();
        // The core signs recording links to the edge's public address, so the edge's port is chosen first.
        _voicePort = PostgresCluster.FreePort();
        Core = await CoreServer.StartAsync(_connectionString, CoreSettings());
        (_coreGrpcPort, _coreHealthPort, _coreRunning) = (Core.GrpcPort, Core.HealthPort, true);
        TwilioApi = await FakeTwilioApi.StartAsync(VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
        Realtime = await RealtimeEmulator.StartAsync(VoiceServer.OpenAiApiKey, VoiceServer.OpenAiModel);
        Voice = await VoiceServer.StartAsync(Core.GrpcAddress, TwilioApi, Realtime, _voiceData, _voicePort);
        Twilio = new TwilioCallerEmulator(Voice.BaseAddress, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken, TwilioApi);
    }

    public async Task DisposeAsync()
    {
        Twilio?.Dispose();
        await DisposeIfStarted(Voice);
        await DisposeIfStarted(Realtime);
        await DisposeIfStarted(TwilioApi);
        await DisposeIfStarted(Stripe);
        if (_coreRunning)
        {
            await Core.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (Directory.Exists(_voiceData))
        {
            Directory.Delete(_voiceData, recursive: true);
        }
    }

    /// <summary>Stops the core, as an outage would.</summary>
    public async Task StopCoreAsync()
    {
        _coreRunning = false;
        await Core.DisposeAsync();
    }

    private Dictionary<string, string?> CoreSettings() =>
        new(Stripe.CoreSettings()) { ["Coordi:Core:VoicePublicBaseUrl"] = $"http://127.0.0.1:{_voicePort}" };

    /// <summary>Brings the core back on the same ports and database.</summary>
    public async Task StartCoreAsync()
    {
        if (!_coreRunning)
        {
            Core = await CoreServer.StartAsync(_connectionString, CoreSettings(), grpcPort: _coreGrpcPort, healthPort: _coreHealthPort);
            _coreRunning = true;
        }
    }

    /// <summary>Stops the voice edge and starts a new one on the same port and data folder (its outbox and recordings).</summary>
    public async Task RestartVoiceAsync()
    {
        var port = Voice.Port;
        await Voice.DisposeAsync();
        Voice = await VoiceServer.StartAsync(new Uri($"http://127.0.0.1:{_coreGrpcPort}"), TwilioApi, Realtime, _voiceData, port);
    }

    /// <summary>
    /// A second voice edge with its own settings (e.g. a short call limit) and data folder, beside the shared one,
    /// on the same core and fakes; with the Twilio emulator that calls it. Dispose it when done.
    /// </summary>
    public async Task<OwnVoice> StartOwnVoiceAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var voice = await VoiceServer.StartAsync(Core.GrpcAddress, TwilioApi, Realtime, settings: settings);
        return new OwnVoice(voice, new TwilioCallerEmulator(voice.BaseAddress, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken, TwilioApi));
    }

    /// <summary>Clients acting for the business, as the portal does (rebuilt after a core restart).</summary>
    public TenantClients Clients(Business business) => new(business.Organization, Core.AsService(business.TenantId));

    /// <summary>
    /// Signs up a business ready to take calls: a phone number, opening hours every day (so booking works on any
    /// weekday), two escalation contacts, and a name carrying a marker that identifies its calls' model sessions.
    /// </summary>
    public async Task<Business> NewBusinessAsync()
    {
        var marker = "Zq" + Guid.NewGuid().ToString("N")[..10];
        var name = $"Acme Plumbing {marker}";
        var organizations = new OrganizationService.OrganizationServiceClient(Core.AsService(null));
        var organization = await organizations.CreateOrganizationAsync(new CreateOrganizationRequest
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
                AiDisclosure = true,
                RecordingDisclosure = true,
                EscalationPolicy = EscalationPolicy.OnRequestOrEmergency,
            },
        });
        var business = new BusinessProfile
        {
            BusinessName = name,
            Description = "Family-run plumbers serving Austin.",
            EscalationContacts =
            {
                new EscalationContact { Name = "Maria (owner)", Phone = TestData.UsNumber(), RingSeconds = 20 },
                new EscalationContact { Name = "Sam (on call)", Phone = TestData.UsNumber(), RingSeconds = 15 },
            },
            BookingRules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 0 },
        };
        for (var day = 1; day <= 7; day++)
        {
            business.WeeklyHours.Add(new DailyHours { DayOfWeek = day, Open = new LocalTimeOfDay { Hour = 7 }, Close = new LocalTimeOfDay { Hour = 19 } });
        }

        await clients.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = business });
        var number = await clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = "Main line" });
        return new Business(organization, marker, number.E164, greeting, [.. business.EscalationContacts]);
    }

    private static async Task DisposeIfStarted(IAsyncDisposable? disposable)
    {
        if (disposable is not null)
        {
            await disposable.DisposeAsync();
        }
    }
}

/// <summary>A business signed up for the voice tests.</summary>
public sealed record Business(Organization Organization, string Marker, string Number, string Greeting, IReadOnlyList<EscalationContact> Contacts)
{
    public string TenantId => Organization.Id;

    public EscalationContact Owner => Contacts[0];
}

/// <summary>A voice edge a test started for itself, and Twilio calling it.</summary>
public sealed record OwnVoice(VoiceServer Voice, TwilioCallerEmulator Twilio) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        Twilio.Dispose();
        await Voice.DisposeAsync();
    }
}
