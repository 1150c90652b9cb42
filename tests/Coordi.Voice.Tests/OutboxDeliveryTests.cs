using System.Net.Http.Json;
using System.Text.Json;
using Coordi.Voice.Outbox;
using Coordi.Voice.UnitTests;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;

namespace Coordi.Voice.Tests;

/// <summary>
/// The outbox against the real core: a write the core refuses or keeps failing on is parked where an operator and
/// the owner see it, and nothing behind it waits; parked writes are replayed once the cause is fixed; a full disk
/// loses nothing.
/// </summary>
[Collection(VoiceCollection.Name)]
public sealed class OutboxDeliveryTests(VoiceFixture fixture)
{
    private static readonly Dictionary<string, string?> QuickRetries = new()
    {
        ["Coordi:Voice:Outbox:FirstRetryDelay"] = "00:00:00.050",
        ["Coordi:Voice:Outbox:MaxRetryDelay"] = "00:00:00.200",
    };

    [Fact]
    public async Task A_refused_lead_is_parked_visibly_and_the_twenty_writes_after_it_reach_the_core_in_order()
    {
        var business = await fixture.NewBusinessAsync();
        var clients = fixture.Clients(business);
        var call = await StartCallAsync(clients, business);
        var outbox = fixture.Voice.Services.GetRequiredService<DurableOutbox>();

        // The core refuses this number (eight digits after a plus); the edge used to accept such numbers.
        await outbox.EnqueueAsync(Lead(business, call.Id, "+12345678"));
        for (var k = 0; k < 20; k++)
        {
            await outbox.EnqueueAsync(Turns(business, call.Id, k));
        }

        await outbox.EnqueueAsync(Complete(business, call.Id));

        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = call.Id }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 20 && c.ToolInvocations.Any(t => t.Name == ParkedNote.Name),
            "the later writes and the owner's note to reach the core");

        // Entry k wrote turns 0..k, and a turn is stored once: turn k says "entry k" only if entry k came after all
        // entries before it and before all entries after it.
        Assert.Equal(Enumerable.Range(0, 20).Select(k => $"entry {k}"), stored.Transcript.OrderBy(t => t.Sequence).Select(t => t.Text));
        Assert.Empty((await clients.Leads.ListLeadsAsync(new ListLeadsRequest())).Leads);

        var note = Assert.Single(stored.ToolInvocations, t => t.Name == ParkedNote.Name);
        Assert.Equal(ToolInvocationStatus.Failed, note.Status);
        var message = JsonDocument.Parse(note.ResultJson).RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("A lead from this call could not be saved:", message);
        Assert.Contains("not a valid phone number", message);
        Assert.Contains("Dana Smith, +12345678", message);

        var parked = Assert.Single(await ParkedAsync(fixture.Voice), p => p.GetProperty("callId").GetString() == call.Id);
        Assert.Equal((OutboxEntry.CreateLead, business.TenantId, 1), (parked.GetProperty("kind").GetString(), parked.GetProperty("tenantId").GetString(), parked.GetProperty("attempts").GetInt32()));
        Assert.StartsWith("InvalidArgument:", parked.GetProperty("reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, parked.GetProperty("parkedAt").ValueKind);

        var metrics = await new HttpClient { BaseAddress = fixture.Voice.ManagementAddress }.GetStringAsync("/metrics");
        Assert.Matches(@"(?m)^coordi_voice_outbox_parked(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"(?m)^coordi_voice_outbox_parkings_total\{[^}]*kind=""CreateLead""[^}]*status=""InvalidArgument""[^}]*\} [1-9]", metrics);
    }

    [Fact]
    public async Task A_write_the_core_keeps_failing_on_is_retried_to_its_bound_then_parked_without_holding_up_other_calls()
    {
        await using var own = await fixture.StartOwnVoiceAsync(new Dictionary<string, string?>
        {
            ["Coordi:Voice:Outbox:MaxAttempts"] = "3",
            ["Coordi:Voice:Outbox:FirstRetryDelay"] = "00:00:01",
            ["Coordi:Voice:Outbox:MaxRetryDelay"] = "00:00:02",
        });
        var business = await fixture.NewBusinessAsync();
        var clients = fixture.Clients(business);
        var failing = await StartCallAsync(clients, business);
        var other = await StartCallAsync(clients, business);
        var outbox = own.Voice.Services.GetRequiredService<DurableOutbox>();

        // Valid JSON that PostgreSQL's jsonb cannot hold (a number beyond its numeric range): the core does not
        // refuse it, it fails on it (Internal), on every attempt.
        var broken = Tool(failing.Id, "tool-broken");
        broken.ArgumentsJson = """{"n":1e200000}""";
        await outbox.EnqueueAsync(new OutboxEntry(OutboxEntry.RecordToolInvocation, business.TenantId, JsonFormatter.Default.Format(broken)));
        await outbox.EnqueueAsync(Complete(business, failing.Id));
        await outbox.EnqueueAsync(Turns(business, other.Id, 2));
        await outbox.EnqueueAsync(Complete(business, other.Id));

        await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = other.Id }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.Transcript.Count == 3,
            "the other call's writes to go past the failing one");
        // Three attempts with at least 0.5 s and 1 s between them: the failing call is still waiting its turn.
        Assert.Equal(CallStatus.InProgress, (await clients.Calls.GetCallAsync(new GetCallRequest { Id = failing.Id })).Status);

        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = failing.Id }).ResponseAsync,
            c => c.Status == CallStatus.Completed && c.ToolInvocations.Any(t => t.Name == ParkedNote.Name),
            "the failing write to be parked and the call's completion to follow it");
        var parked = Assert.Single(await ParkedAsync(own.Voice));
        Assert.Equal(3, parked.GetProperty("attempts").GetInt32());
        Assert.StartsWith("Internal:", parked.GetProperty("reason").GetString());
        var note = JsonDocument.Parse(Assert.Single(stored.ToolInvocations).ResultJson).RootElement.GetProperty("message").GetString();
        Assert.StartsWith("The record of the receptionist's action \"create_lead\" could not be saved: An internal error occurred.", note);
    }

    [Fact]
    public async Task Parked_writes_wait_for_an_operator_and_reach_the_core_when_replayed()
    {
        var data = Path.Combine(Path.GetTempPath(), "coordi-voice-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var business = await fixture.NewBusinessAsync();
            var clients = fixture.Clients(business);
            var call = await StartCallAsync(clients, business);

            // A wrong service credential: every write fails (Unauthenticated), is retried to the bound and parked.
            await using (var misconfigured = await VoiceServer.StartAsync(fixture.Core.GrpcAddress, fixture.TwilioApi, fixture.Realtime, data,
                settings: new Dictionary<string, string?>(QuickRetries) { ["Coordi:Voice:CoreCredential"] = "not-the-voice-credential-0123456789abcdef", ["Coordi:Voice:Outbox:MaxAttempts"] = "2" }))
            {
                var outbox = misconfigured.Services.GetRequiredService<DurableOutbox>();
                await outbox.EnqueueAsync(Turns(business, call.Id, 2));
                await outbox.EnqueueAsync(Complete(business, call.Id));
                var parked = await Eventually.GetAsync(() => ParkedAsync(misconfigured), p => p.Count == 2 && outbox.Depth == 0, "both writes to be parked");
                Assert.All(parked, p => Assert.StartsWith("Unauthenticated:", p.GetProperty("reason").GetString()));
                Assert.All(parked, p => Assert.Equal(2, p.GetProperty("attempts").GetInt32()));
            }

            // Fixed and restarted: parked writes are not retried by themselves...
            await using var fixedVoice = await VoiceServer.StartAsync(fixture.Core.GrpcAddress, fixture.TwilioApi, fixture.Realtime, data, settings: QuickRetries);
            Assert.Equal(2, (await ParkedAsync(fixedVoice)).Count);
            Assert.Equal(CallStatus.InProgress, (await clients.Calls.GetCallAsync(new GetCallRequest { Id = call.Id })).Status);

            // ...until an operator replays them, on the management port only.
            using var management = new HttpClient { BaseAddress = fixedVoice.ManagementAddress };
            using var publicPort = new HttpClient { BaseAddress = fixedVoice.BaseAddress };
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await publicPort.PostAsync("/outbox/parked/replay", null)).StatusCode);
            var replay = await management.PostAsync("/outbox/parked/replay", null);
            replay.EnsureSuccessStatusCode();
            Assert.Equal(2, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

            var stored = await Eventually.GetAsync(
                () => clients.Calls.GetCallAsync(new GetCallRequest { Id = call.Id }).ResponseAsync,
                c => c.Status == CallStatus.Completed && c.Transcript.Count == 3,
                "the replayed writes to reach the core");
            Assert.Empty(await ParkedAsync(fixedVoice));
            Assert.Empty(stored.ToolInvocations); // notes about the misconfigured writes could not be delivered either
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Fact]
    public async Task On_a_full_disk_the_call_is_still_completed_in_the_core()
    {
        using var disk = new TmpfsFolder();
        await using var own = await fixture.StartOwnVoiceAsync(new Dictionary<string, string?>(QuickRetries) { ["Coordi:Voice:OutboxPath"] = disk.Path });
        var business = await fixture.NewBusinessAsync();
        var clients = fixture.Clients(business);
        var call = await StartCallAsync(clients, business);
        var outbox = own.Voice.Services.GetRequiredService<DurableOutbox>();
        disk.Fill();

        await outbox.EnqueueAsync(Turns(business, call.Id, 1));
        await outbox.EnqueueAsync(Complete(business, call.Id));

        var stored = await Eventually.GetAsync(
            () => clients.Calls.GetCallAsync(new GetCallRequest { Id = call.Id }).ResponseAsync,
            c => c.Status == CallStatus.Completed,
            "the completion held in memory to reach the core");
        Assert.Equal(2, stored.Transcript.Count);
        Assert.Empty(Directory.GetFiles(disk.Path, "*.json"));
        Assert.Equal((0, 0), (outbox.Depth, outbox.Unwritten));
    }

    private static async Task<Call> StartCallAsync(TenantClients clients, Business business) =>
        await clients.Calls.StartCallAsync(new StartCallRequest { TwilioCallSid = TestData.CallSid(), FromNumber = TestData.UsNumber(), ToNumber = business.Number });

    private static async Task<List<JsonElement>> ParkedAsync(VoiceServer voice)
    {
        using var management = new HttpClient { BaseAddress = voice.ManagementAddress };
        return await management.GetFromJsonAsync<List<JsonElement>>("/outbox/parked") ?? [];
    }

    private static OutboxEntry Lead(Business business, string callId, string phone) =>
        new(OutboxEntry.CreateLead, business.TenantId, JsonFormatter.Default.Format(new CreateLeadRequest
        {
            RequestId = Guid.NewGuid().ToString(),
            CallId = callId,
            Name = "Dana Smith",
            Phone = phone,
        }));

    /// <summary>Turns 0..<paramref name="k"/>, each saying "entry k": a turn is stored once, so the first entry to carry it wins.</summary>
    private static OutboxEntry Turns(Business business, string callId, int k)
    {
        var request = new AppendTranscriptTurnsRequest { CallId = callId };
        for (var sequence = 0; sequence <= k; sequence++)
        {
            request.Turns.Add(new TranscriptTurn { Sequence = sequence, Speaker = Speaker.Caller, Text = $"entry {k}", OccurredAt = Timestamp.FromDateTime(DateTime.UtcNow) });
        }

        return new OutboxEntry(OutboxEntry.AppendTranscriptTurns, business.TenantId, JsonFormatter.Default.Format(request));
    }

    private static RecordToolInvocationRequest Tool(string callId, string toolCallId) =>
        new()
        {
            CallId = callId,
            ToolCallId = toolCallId,
            Name = "create_lead",
            ArgumentsJson = """{"name":"Dana Smith"}""",
            ResultJson = """{"ok":true}""",
            Status = ToolInvocationStatus.Succeeded,
            StartedAt = Timestamp.FromDateTime(DateTime.UtcNow),
        };

    private static OutboxEntry Complete(Business business, string callId) =>
        new(OutboxEntry.CompleteCall, business.TenantId, JsonFormatter.Default.Format(new CompleteCallRequest
        {
            CallId = callId,
            Status = CallStatus.Completed,
            Outcome = CallOutcome.Information,
            DurationSeconds = 30,
        }));
}
