using System.Net;
using Coordi.Deployment.Tests.ScaleOut;
using Xunit.Abstractions;

namespace Coordi.Deployment.Tests;

/// <summary>
/// A voice edge is killed with SIGKILL in the middle of its calls (a node failure, an OOM kill) and its pod comes
/// back with the same volume. What the edge had accepted into its outbox (the leads it told callers were saved,
/// the transcript turns) reaches the core once it is back; Twilio's status callbacks, reaching the edge that
/// survived, end the calls in the core.
///
/// Lost, and bounded by design: what had not reached the outbox when the process died, that is a turn reported in
/// the last moments before the kill, the recording in progress (written only when a call ends), and the call's own
/// end report (outcome, summary, latency figures); the call is still completed, by Twilio's status callback.
/// The recordings of the calls that ended normally are in the shared bucket and play through either edge.
/// </summary>
[Collection(VoiceTierCollection.Name)]
public sealed class VoiceEdgeKillTests(ITestOutputHelper output)
{
    // Dialled at once, so the round-robin proxy spreads their streams over both edges.
    private const int Calls = 6;

    [Fact]
    public async Task Leads_and_turns_an_edge_accepted_before_a_SIGKILL_reach_the_core_after_its_restart_and_its_calls_end_and_recordings_play()
    {
        await using var tier = await VoiceTier.StartAsync(edges: 2);
        var calls = new List<LiveCall>();
        LiveCall? during = null;
        try
        {
            calls.AddRange(await Task.WhenAll(Enumerable.Range(0, Calls).Select(i => StartCallAsync(tier, i))));

            // The core goes away before the callers give their details: nothing the edges accept from here on
            // can reach it, so it is all in an outbox when the edge dies.
            await tier.StopCoreAsync();
            await Task.WhenAll(calls.Select(GiveDetailsAsync));

            // The edge that holds the most streams is killed; its calls are the ones whose stream then drops.
            var victim = tier.Edges.OrderByDescending(e => tier.Proxy.CountTo(e, "/twilio/media")).First();
            var streamsOnVictim = tier.Proxy.CountTo(victim, "/twilio/media");
            var survivor = tier.Edges.Single(e => e != victim);
            var queued = (await victim.MetricsAsync()).Sum("coordi_voice_outbox_depth");
            // What the edge accepted is waiting for the core, not delivered already.
            Assert.True(queued >= streamsOnVictim, $"{victim} holds {queued} outbox entries for {streamsOnVictim} calls");

            await victim.KillAsync();
            await Eventually.UntilAsync(
                () => calls.Count(c => c.Call.Media!.Closed.IsCompleted) == streamsOnVictim,
                $"the {streamsOnVictim} streams on {victim} to drop",
                CallerTurns.Patience);
            var killed = calls.Where(c => c.Call.Media!.Closed.IsCompleted).ToList();

            // The pod is out of the load balancer once its readiness fails, as Kubernetes takes it out of the endpoints.
            await tier.Proxy.WaitForHealthAsync(victim, healthy: false);
            await tier.StartCoreAsync();

            // Twilio ends each call whose stream dropped and reports it: the callback reaches the surviving edge.
            foreach (var call in killed)
            {
                Assert.Equal(HttpStatusCode.NoContent, await StatusCallbackAsync(call.Call, 30));
            }

            // While one edge is down the tier keeps taking calls.
            during = await StartCallAsync(tier, Calls);
            Assert.Equal(survivor, tier.LastServed("/twilio/media"));
            await during.Call.HangUpAsync();
            Assert.Equal(HttpStatusCode.NoContent, await StatusCallbackAsync(during.Call, 5));

            // The pod comes back on its own volume: its outbox is replayed to the core.
            await victim.RestartAsync();
            await tier.Proxy.WaitForHealthAsync(victim, healthy: true);

            var (leadsArrived, turnsArrived) = (0, 0);
            foreach (var call in killed)
            {
                var stored = await ArrivedAsync(tier, call);
                Assert.Equal(CallStatus.Completed, stored.Status);
                (leadsArrived, turnsArrived) = (leadsArrived + stored.LeadIds.Count, turnsArrived + stored.Transcript.Count);
            }

            var leftInOutbox = (await victim.MetricsAsync()).Sum("coordi_voice_outbox_depth");

            // The calls on the edge that was not killed went on through all this, to a normal end.
            foreach (var call in calls.Except(killed))
            {
                Assert.False(call.Call.Media!.Closed.IsCompleted, $"the stream of {call.Call.CallSid} on {survivor} dropped");
                await call.Call.HangUpAsync();
                Assert.Equal(HttpStatusCode.NoContent, await StatusCallbackAsync(call.Call, 30));
                Assert.Equal(CallStatus.Completed, (await ArrivedAsync(tier, call)).Status);
            }

            var fresh = await Eventually.GetAsync(
                () => tier.ClientsOf(during.Business.Clients).Calls.GetCallAsync(new GetCallRequest { Id = during.CallId }).ResponseAsync,
                c => c.Status == CallStatus.Completed,
                "the call taken while an edge was down to complete",
                CallerTurns.Patience);
            Assert.Equal(CallStatus.Completed, fresh.Status);

            // With both edges back behind the proxy, the recordings of the calls that ended normally play through
            // either of them, the restarted edge included. One at a time, so the proxy's log tells who served each.
            var played = new List<RecordingPlayback.Played>();
            foreach (var call in calls.Except(killed).Select(c => (c.Business.Clients, c.CallId)).Append((during.Business.Clients, during.CallId)))
            {
                played.Add(await RecordingPlayback.PlayAsync(tier, tier.ClientsOf(call.Clients), call.CallId));
            }

            var playedBy = tier.Edges.ToDictionary(e => e, e => played.Count(p => p.WholeServedBy == e.Name || p.RangeServedBy == e.Name));
            Assert.All(tier.Edges, e => Assert.True(playedBy[e] > 0, $"{e} served no recording"));

            // The bounded loss: a recording in progress when its edge died (reported for the figures, not a promise).
            var killedRecorded = 0;
            foreach (var call in killed)
            {
                var stored = await tier.ClientsOf(call.Business.Clients).Calls.GetCallAsync(new GetCallRequest { Id = call.CallId });
                killedRecorded += stored.RecordingRef.Length > 0 ? 1 : 0;
            }

            output.WriteLine($"{killed.Count} calls on {victim} when it was killed, {calls.Count - killed.Count} on {survivor}; {queued} outbox entries pending on {victim}; "
                + $"after its restart: {leadsArrived} of {killed.Count} leads and {turnsArrived} of {killed.Count * 4} transcript turns arrived, {leftInOutbox} outbox entries left; every call completed.");
            output.WriteLine($"{played.Count} recordings of calls {survivor} recorded, played through the proxy after the restart (206 on Range, whole valid WAV): "
                + string.Join(", ", playedBy.Select(p => $"{p.Value} playable from {p.Key}"))
                + $"; {played.Count(p => p.RangeServedBy != p.WholeServedBy)} from both edges; recordings of the {killed.Count} killed calls kept: {killedRecorded}.");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{tier.EdgeOutput()}", ex);
        }
        finally
        {
            await tier.StartCoreAsync();
            foreach (var call in during is null ? calls : [.. calls, during])
            {
                await call.Call.DisposeAsync();
            }
        }
    }

    /// <summary>A call through the proxy up to the end of the agent's greeting.</summary>
    private static async Task<LiveCall> StartCallAsync(VoiceTier tier, int index)
    {
        var business = await tier.NewBusinessAsync();
        var name = $"Caller {index:D2}";
        var phone = $"512 555 01{index:D2}";
        var script = tier.Realtime.Expect(business.Marker)
            .Agent(business.Greeting, ms: 600)
            .Caller($"This is {name}, {phone}, my kitchen sink is blocked.")
            .Agent("Thanks, saving your details.", ms: 500, call: ScriptedCall.Of("create_lead", new { name, phone, service = "Drain cleaning" }))
            .Agent("All saved. Is there anything else I can help with?", ms: 600);
        var call = await tier.Twilio.DialAsync(TestData.UsNumber(), business.Number);
        await Task.WhenAny(script.Session, call.Media!.Closed, Task.Delay(CallerTurns.Patience));
        if (!script.Session.IsCompleted)
        {
            await call.DisposeAsync();
            throw new InvalidOperationException($"The media stream of call {index} was not attached: {call.Media.CloseDescription}");
        }

        var session = await script.Session;
        await call.AgentFinishedAsync(session);
        return new LiveCall(business, call, session, name, "+1" + phone.Replace(" ", "", StringComparison.Ordinal));
    }

    /// <summary>
    /// Twilio's final status callback, sent again while the edge answers 503: an edge whose connection to a core
    /// that just came back is still reconnecting answers 503 so that Twilio retries, and Twilio does.
    /// </summary>
    private static Task<HttpStatusCode> StatusCallbackAsync(EmulatedCall call, int durationSeconds) =>
        Eventually.GetAsync(
            () => call.PostStatusCallbackAsync("completed", durationSeconds),
            status => status != HttpStatusCode.ServiceUnavailable,
            $"the status callback of {call.CallSid} to be taken",
            CallerTurns.Patience);

    /// <summary>The caller gives their details and hears the agent confirm they are saved.</summary>
    private static async Task GiveDetailsAsync(LiveCall call)
    {
        await call.Call.SayAsync(call.Session, 800);
        var outputs = await Eventually.GetAsync(() => Task.FromResult(call.Session.FunctionOutputs), o => o.Count > 0, "the lead tool's answer", CallerTurns.Patience);
        Assert.True(outputs[0].Json.GetProperty("ok").GetBoolean(), outputs[0].Output);
        await call.Call.AgentFinishedAsync(call.Session);
    }

    /// <summary>The call's lead and its four turns are in the core, in order, and the call is no longer in progress.</summary>
    private static async Task<Call> ArrivedAsync(VoiceTier tier, LiveCall call)
    {
        var clients = tier.ClientsOf(call.Business.Clients);
        Call stored;
        try
        {
            stored = await Eventually.GetAsync(
                () => clients.Calls.GetCallAsync(new GetCallRequest { Id = call.CallId }).ResponseAsync,
                c => c.Status != CallStatus.InProgress && c.Transcript.Count == 4 && c.LeadIds.Count == 1,
                $"call {call.CallId} to reach the core",
                CallerTurns.Patience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n{tier.EdgeOutput()}", ex);
        }

        Assert.Equal(
            [
                (Speaker.Agent, call.Business.Greeting),
                (Speaker.Caller, $"This is {call.CallerName}, {call.CallerPhone[2..5]} {call.CallerPhone[5..8]} {call.CallerPhone[8..]}, my kitchen sink is blocked."),
                (Speaker.Agent, "Thanks, saving your details."),
                (Speaker.Agent, "All saved. Is there anything else I can help with?"),
            ],
            stored.Transcript.OrderBy(t => t.Sequence).Select(t => (t.Speaker, t.Text)));
        var lead = await clients.Leads.GetLeadAsync(new GetLeadRequest { Id = stored.LeadIds.Single() });
        Assert.Equal((call.CallerName, call.CallerPhone, call.CallId), (lead.Name, lead.Phone, lead.CallId));
        return stored;
    }

    private sealed record LiveCall(
        (TenantClients Clients, string Marker, string Number, string Greeting) Business, EmulatedCall Call, RealtimeSession Session,
        string CallerName, string CallerPhone)
    {
        public string CallId => Call.StreamParameters["callId"];
    }
}
