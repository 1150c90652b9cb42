using Coordi.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.LoadTest;

/// <summary>
/// Fills organizations through the public RPCs, as the portal and the voice edge would: sign-up, profiles,
/// calls with transcripts, and leads.
/// </summary>
public sealed class Seeder(CallInvoker invoker, LoadTarget target)
{
    private const int Parallelism = 16;
    public const int TurnsPerCall = 8;

    private static readonly string[] Lines =
    [
        "Thanks for calling, this is Riley. How can I help with your plumbing today?",
        "Hi, my water heater is leaking all over the garage floor.",
        "I'm sorry to hear that. Is the water still running, and can you reach the shut-off valve on top of the tank?",
        "I turned the valve off, it's just dripping now.",
        "Good, that stops the worst of it. May I have the service address?",
        "It's 4410 Duval Street, 78751.",
        "Thank you. I can have a technician there tomorrow between 8 and 10 am. Does that work?",
        "Yes, that's perfect, thank you.",
    ];

    private static readonly CallOutcome[] Outcomes =
        [CallOutcome.Lead, CallOutcome.Booked, CallOutcome.Information, CallOutcome.Escalated, CallOutcome.Spam, CallOutcome.Voicemail];

    /// <summary>
    /// The loaded organization with <paramref name="calls"/> calls and 500 leads, and four neighbours with a
    /// tenth of that each, so every query filters by tenant among several. Returns its id and a description.
    /// </summary>
    public async Task<(string TenantId, string Description)> SeedStandardAsync(int calls)
    {
        const string Name = "Barton Creek Plumbing";
        const int Leads = 500;
        const int Neighbours = 4;
        var tenantId = await SignUpAsync(Name);
        await SeedAsync(tenantId, Name, calls, Leads);
        for (var i = 1; i <= Neighbours; i++)
        {
            var neighbour = $"Neighbour Plumbing {i}";
            await SeedAsync(await SignUpAsync(neighbour), neighbour, calls / 10, Leads / 10);
        }

        return (tenantId, $"one organization with a full business profile, {calls} completed calls ({TurnsPerCall} transcript turns each) "
            + $"and {Leads} leads; {Neighbours} other organizations with {calls / 10} calls and {Leads / 10} leads each");
    }

    public async Task<string> SignUpAsync(string name)
    {
        var organizations = new OrganizationService.OrganizationServiceClient(invoker);
        var org = await organizations.CreateOrganizationAsync(new CreateOrganizationRequest
        {
            Name = name,
            OwnerEmail = $"owner+{Guid.NewGuid():N}@example.com",
            TimeZone = "America/Chicago",
            RequestId = Guid.NewGuid().ToString(),
        }, target.ServiceHeaders(null));
        return org.Id;
    }

    public async Task SeedAsync(string tenantId, string name, int calls, int leads)
    {
        var headers = target.ServiceHeaders(tenantId);
        var profiles = new ProfileService.ProfileServiceClient(invoker);
        await profiles.UpdateAgentProfileAsync(new UpdateAgentProfileRequest { Profile = SeedProfiles.Agent() }, headers);
        await profiles.UpdateBusinessProfileAsync(new UpdateBusinessProfileRequest { Profile = SeedProfiles.Business(name) }, headers);

        var callIds = new string[calls];
        var now = DateTime.UtcNow;
        await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
            callIds[i] = await SeedCallAsync(headers, i, now.AddMinutes(-37.0 * (calls - i)), ct));

        var leadClient = new LeadService.LeadServiceClient(invoker);
        await Parallel.ForEachAsync(Enumerable.Range(0, leads), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
            await leadClient.CreateLeadAsync(new CreateLeadRequest
            {
                RequestId = $"seed-{i}",
                Name = $"Caller {i}",
                Phone = TestData.UsNumber(),
                Email = $"caller{i}@example.com",
                Address = $"{100 + i} Congress Ave, Austin, TX 78701",
                Service = "Leak repair",
                Urgency = (Urgency)(1 + (i % 4)),
                Notes = "Seeded lead.",
                CallId = calls == 0 ? "" : callIds[i % calls],
            }, headers, cancellationToken: ct));
    }

    private async Task<string> SeedCallAsync(Metadata headers, int index, DateTime startedAt, CancellationToken cancellationToken)
    {
        var client = new CallService.CallServiceClient(invoker);
        var call = await client.StartCallAsync(new StartCallRequest
        {
            TwilioCallSid = TestData.CallSid(),
            FromNumber = TestData.UsNumber(),
            ToNumber = "+15125550100",
            StartedAt = Timestamp.FromDateTime(startedAt),
        }, headers, cancellationToken: cancellationToken);

        var append = new AppendTranscriptTurnsRequest { CallId = call.Id };
        for (var turn = 0; turn < TurnsPerCall; turn++)
        {
            append.Turns.Add(new TranscriptTurn
            {
                Sequence = turn,
                Speaker = turn % 2 == 0 ? Speaker.Agent : Speaker.Caller,
                Text = Lines[turn % Lines.Length],
                OccurredAt = Timestamp.FromDateTime(startedAt.AddSeconds(6 * turn)),
            });
        }

        await client.AppendTranscriptTurnsAsync(append, headers, cancellationToken: cancellationToken);
        await client.CompleteCallAsync(new CompleteCallRequest
        {
            CallId = call.Id,
            Status = CallStatus.Completed,
            Outcome = Outcomes[index % Outcomes.Length],
            EndedAt = Timestamp.FromDateTime(startedAt.AddSeconds(6 * TurnsPerCall)),
            DurationSeconds = 6 * TurnsPerCall,
            Summary = "Caller reported a leaking water heater; shut-off valve closed; visit offered for tomorrow morning.",
            Latency = new CallLatency { FirstGreetingMs = 640, ResponseP50Ms = 720, ResponseP95Ms = 1180, TurnsMeasured = TurnsPerCall / 2 },
        }, headers, cancellationToken: cancellationToken);
        return call.Id;
    }
}
