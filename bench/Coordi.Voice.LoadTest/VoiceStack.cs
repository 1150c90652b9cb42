namespace Coordi.Voice.LoadTest;

/// <summary>A business that takes the load's calls; its marker binds each call's scripted model session.</summary>
public sealed record LoadBusiness(string Marker, string Number, string Greeting);

/// <summary>
/// Everything a call touches, in this process: a throw-away PostgreSQL, the real core, the fakes of Twilio and
/// OpenAI Realtime, and the real voice edge between them, as the voice tests run it.
/// </summary>
public sealed class VoiceStack : IAsyncDisposable
{
    private PostgresCluster? _cluster;

    public CoreServer Core { get; private set; } = null!;

    public FakeTwilioApi TwilioApi { get; private set; } = null!;

    public RealtimeEmulator Realtime { get; private set; } = null!;

    public VoiceServer Voice { get; private set; } = null!;

    public TwilioCallerEmulator Twilio { get; private set; } = null!;

    public static async Task<VoiceStack> StartAsync()
    {
        var stack = new VoiceStack();
        try
        {
            stack._cluster = await PostgresCluster.StartAsync();
            // The businesses stay on the trial: it must allow every call of a row and every minute of the run.
            stack.Core = await CoreServer.StartAsync(await stack._cluster.CreateDatabaseAsync("coordi"), new Dictionary<string, string?>
            {
                ["Coordi:Billing:Trial:ConcurrentCallCap"] = "1000",
                ["Coordi:Billing:Trial:Minutes"] = "100000",
            });
            stack.TwilioApi = await FakeTwilioApi.StartAsync(VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
            stack.Realtime = await RealtimeEmulator.StartAsync(VoiceServer.OpenAiApiKey, VoiceServer.OpenAiModel);
            stack.Voice = await VoiceServer.StartAsync(stack.Core.GrpcAddress, stack.TwilioApi, stack.Realtime);
            stack.Twilio = new TwilioCallerEmulator(stack.Voice.BaseAddress, VoiceServer.TwilioAccountSid, VoiceServer.TwilioAuthToken);
            return stack;
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    /// <summary>Signs up a business with a phone number, opening hours and a call cap high enough for any load.</summary>
    public async Task<LoadBusiness> NewBusinessAsync(int index)
    {
        var marker = $"Lq{index:D3}" + Guid.NewGuid().ToString("N")[..8];
        var name = $"Load Plumbing {marker}";
        var organizations = new OrganizationService.OrganizationServiceClient(Core.AsService(null));
        var organization = await organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = name,
            OwnerEmail = $"owner+{marker}@example.com",
            TimeZone = "America/Chicago",
            RequestId = Guid.NewGuid().ToString(),
        });
        var clients = new TenantClients(organization, Core.AsService(organization.Id));
        await clients.Organizations.UpdateOrganizationAsync(new UpdateOrganizationRequest
        {
            Name = name,
            TimeZone = organization.TimeZone,
            ConcurrentCallCap = 1000,
        });
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
            BookingRules = new BookingRules { SlotMinutes = 60, LeadTimeMinutes = 0, DailyCap = 0 },
        };
        for (var day = 1; day <= 7; day++)
        {
            business.WeeklyHours.Add(new DailyHours { DayOfWeek = day, Open = new LocalTimeOfDay { Hour = 7 }, Close = new LocalTimeOfDay { Hour = 19 } });
        }

        await clients.Profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = business });
        var number = await clients.PhoneNumbers.AssignPhoneNumberAsync(new AssignPhoneNumberRequest { E164 = TestData.UsNumber(), Label = "Main line" });
        return new LoadBusiness(marker, number.E164, greeting);
    }

    public async ValueTask DisposeAsync()
    {
        Twilio?.Dispose();
        foreach (var part in new IAsyncDisposable?[] { Voice, Realtime, TwilioApi, Core, _cluster })
        {
            if (part is null)
            {
                continue;
            }

            try
            {
                await part.DisposeAsync();
            }
            catch (IOException ex)
            {
                // A recording still being written when the temporary folder is deleted; the rest must still stop.
                Console.Error.WriteLine($"Cleanup: {ex.Message}");
            }
        }
    }
}
