using System.Net;
using Coordi.Deployment.Tests.ScaleOut;
using Xunit.Abstractions;

namespace Coordi.Deployment.Tests;

/// <summary>
/// The voice tier as it is deployed, two edges with no affinity: every request of a call (the incoming-call
/// webhook, the media stream, the &lt;Connect action&gt;, the status callback) may reach either edge, and each
/// call is still taken whole, with its transcript and lead in the core, and its recording plays from the
/// portal's link whichever edge the link's request reaches.
/// </summary>
[Collection(VoiceTierCollection.Name)]
public sealed class VoiceScaleOutTests(ITestOutputHelper output)
{
    private const int Calls = 40;

    // Calls in flight at once: enough that both edges carry several live calls, few enough for two shared cores.
    private const int AtOnce = 10;

    [Fact]
    public async Task Forty_calls_through_a_round_robin_proxy_are_spread_over_two_edges_and_each_reaches_the_core_whole_and_plays_from_either_edge()
    {
        await using var tier = await VoiceTier.StartAsync(edges: 2);
        // One business per call: the model emulator binds a script to a session by the business in its prompt.
        var businesses = await InBatchesAsync(Enumerable.Range(0, Calls), 8, _ => tier.NewBusinessAsync());

        var results = await InBatchesAsync(Enumerable.Range(0, Calls), AtOnce, i => TakeCallAsync(tier, businesses[i], i));
        await Task.WhenAll(results.Select(r => CheckCoreAsync(r, businesses[r.Index].Clients)));

        // Recording is on for every organization by default. One link at a time, so the proxy's log says which
        // edge served each request; round-robin then has both edges serve recordings they did not record.
        foreach (var result in results.Where(r => r.CallId is not null))
        {
            await PlayRecordingAsync(tier, result, businesses[result.Index].Clients);
        }

        var figures = new Dictionary<string, int>
        {
            ["calls dialled"] = results.Count,
            ["answered with a media stream"] = results.Count(r => r.StreamOffered),
            ["streams attached"] = results.Count(r => r.Attached),
            ["leads confirmed to the caller"] = results.Count(r => r.LeadConfirmed),
            ["<Connect action> answered with Hangup"] = results.Count(r => r.HungUpByAgent),
            ["status callbacks handled (204)"] = results.Count(r => r.StatusCallback == HttpStatusCode.NoContent),
            ["calls completed in the core"] = results.Count(r => r.CompletedInCore),
            ["calls with all 4 turns and the lead in the core"] = results.Count(r => r.WholeInCore),
            ["recordings playable through the proxy (206 on Range, whole valid WAV)"] = results.Count(r => r.Played is not null),
        };
        var perEdge = new List<string>();
        foreach (var edge in tier.Edges)
        {
            var metrics = await edge.MetricsAsync();
            var frames = metrics.Samples.Where(s => s.Name.StartsWith("coordi_voice_frames_bridged", StringComparison.Ordinal)).Sum(s => s.Value);
            perEdge.Add($"{edge}: {tier.Proxy.CountTo(edge, "/twilio/voice")} incoming-call webhooks, {tier.Proxy.CountTo(edge, "/twilio/media")} media streams, "
                + $"{tier.Proxy.CountTo(edge, "/twilio/connect-action")} connect actions, {tier.Proxy.CountTo(edge, "/twilio/status")} status callbacks, {frames} caller frames bridged, "
                + $"recordings playable from it: {PlayedBy(results, edge)} ({results.Count(r => r.Played?.WholeServedBy == edge.Name)} whole, {results.Count(r => r.Played?.RangeServedBy == edge.Name)} by Range)");
        }

        var fromBoth = results.Count(r => r.Played is { } p && p.RangeServedBy != p.WholeServedBy);
        perEdge.Add($"recordings played from both edges (Range on one, whole file on the other), so also from the edge that did not record the call: {fromBoth}");

        var report = string.Join("\n", figures.Select(f => $"{f.Key}: {f.Value}").Concat(perEdge)
            .Concat(results.Where(r => r.Failure is not null).Select(r => $"call {r.Index} ({r.CallSid}): {r.Failure}")));
        output.WriteLine(report);

        Assert.True(figures.Values.All(v => v == Calls), $"Every figure should be {Calls}:\n{report}");

        // Both edges served calls: each took webhooks and media streams and bridged caller audio to the model.
        foreach (var edge in tier.Edges)
        {
            Assert.True(tier.Proxy.CountTo(edge, "/twilio/voice") > 0, $"{edge} took no incoming call\n{report}");
            Assert.True(tier.Proxy.CountTo(edge, "/twilio/media") > 0, $"{edge} took no media stream\n{report}");
            var frames = (await edge.MetricsAsync()).Samples.Where(s => s.Name.StartsWith("coordi_voice_frames_bridged", StringComparison.Ordinal)).Sum(s => s.Value);
            Assert.True(frames > 0, $"{edge} bridged no caller audio\n{report}");
            Assert.True(PlayedBy(results, edge) > 0, $"{edge} played no recording\n{report}");
        }
    }

    /// <summary>Recordings <paramref name="edge"/> served a request of (the Range request, the whole file or both), every one answered right.</summary>
    private static int PlayedBy(IEnumerable<CallResult> results, VoiceProcess edge) =>
        results.Count(r => r.Played is { } p && (p.WholeServedBy == edge.Name || p.RangeServedBy == edge.Name));

    /// <summary>The owner plays the call's recording from the portal: the link from the core, fetched through the proxy.</summary>
    private static async Task PlayRecordingAsync(VoiceTier tier, CallResult result, TenantClients clients)
    {
        try
        {
            result.Played = await RecordingPlayback.PlayAsync(tier, clients, result.CallId!);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or Grpc.Core.RpcException or HttpRequestException)
        {
            result.Failure ??= "recording: " + ex.Message;
        }
    }

    /// <summary>
    /// One whole call: the agent greets, the caller gives their details, the agent saves them (create_lead) and
    /// hangs up (end_call); Twilio then asks the &lt;Connect action&gt; and posts the final status callback.
    /// A failing step is recorded, not thrown, so the figures show how far every call got.
    /// </summary>
    private static async Task<CallResult> TakeCallAsync(VoiceTier tier, (TenantClients Clients, string Marker, string Number, string Greeting) business, int index)
    {
        var name = $"Caller {index:D2}";
        var phone = $"512 555 01{index:D2}";
        var script = tier.Realtime.Expect(business.Marker)
            .Agent(business.Greeting, ms: 600)
            .Caller($"This is {name}, {phone}, my kitchen sink is blocked.")
            .Agent("Thanks, saving your details.", ms: 500, call: ScriptedCall.Of("create_lead", new { name, phone, service = "Drain cleaning" }))
            .Agent("All saved, the team will call you back. Goodbye!", ms: 500, call: ScriptedCall.Of("end_call", new { reason = "details taken" }));
        var result = new CallResult(index, name, "+1" + phone.Replace(" ", "", StringComparison.Ordinal));
        await using var call = await tier.Twilio.RingAsync(TestData.UsNumber(), business.Number);
        result.CallSid = call.CallSid;
        try
        {
            result.StreamOffered = call.WebhookStatus == HttpStatusCode.OK && call.StreamUrl is not null;
            if (!result.StreamOffered)
            {
                throw new InvalidOperationException($"the incoming-call webhook answered {(int)call.WebhookStatus} without a stream: {call.Twiml}");
            }

            result.CallId = call.StreamParameters["callId"];
            var media = await call.ConnectStreamAsync();

            // An edge that refuses the stream closes it at once; one that takes it opens the model session.
            await Task.WhenAny(script.Session, media.Closed, Task.Delay(CallerTurns.Patience));
            if (!script.Session.IsCompleted)
            {
                throw new InvalidOperationException($"the stream was not attached (closed: {media.Closed.IsCompleted}, {media.CloseDescription})");
            }

            result.Attached = true;
            var session = await script.Session;
            await call.SayAsync(session, 800);
            var lead = await Eventually.GetAsync(() => Task.FromResult(session.FunctionOutputs), o => o.Count > 0, "the lead tool's answer", CallerTurns.Patience);
            result.LeadConfirmed = lead[0].Json.GetProperty("ok").GetBoolean();
            var next = await call.ConnectAction.Within("the <Connect action> after the agent hung up", CallerTurns.Patience);
            result.HungUpByAgent = next.Verbs().SequenceEqual(["Hangup"]);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or KeyNotFoundException)
        {
            result.Failure = ex.Message;
        }
        finally
        {
            // Twilio reports the end of every call it placed, however the call went.
            result.StatusCallback = await call.PostStatusCallbackAsync("completed", 20);
        }

        return result;
    }

    private static async Task CheckCoreAsync(CallResult result, TenantClients clients)
    {
        if (result.CallId is null)
        {
            return;
        }

        try
        {
            var stored = await Eventually.GetAsync(
                () => clients.Calls.GetCallAsync(new GetCallRequest { Id = result.CallId }).ResponseAsync,
                c => c.Status == CallStatus.Completed && (!result.Attached || (c.Transcript.Count == 4 && c.LeadIds.Count == 1)),
                $"call {result.Index} to reach the core",
                CallerTurns.Patience);
            result.CompletedInCore = true;
            if (!result.Attached)
            {
                return;
            }

            var lead = await clients.Leads.GetLeadAsync(new GetLeadRequest { Id = stored.LeadIds.Single() });
            result.WholeInCore = (lead.Name, lead.Phone, lead.CallId) == (result.CallerName, result.CallerPhone, result.CallId)
                && stored.Transcript.OrderBy(t => t.Sequence).Select(t => t.Speaker).SequenceEqual([Speaker.Agent, Speaker.Caller, Speaker.Agent, Speaker.Agent]);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            result.Failure ??= "core: " + ex.Message;
        }
    }

    private static async Task<List<T>> InBatchesAsync<T>(IEnumerable<int> items, int atOnce, Func<int, Task<T>> run)
    {
        using var slots = new SemaphoreSlim(atOnce);
        return [.. await Task.WhenAll(items.Select(async i =>
        {
            await slots.WaitAsync();
            try
            {
                return await run(i);
            }
            finally
            {
                slots.Release();
            }
        }))];
    }

    private sealed class CallResult(int index, string callerName, string callerPhone)
    {
        public int Index { get; } = index;

        public string CallerName { get; } = callerName;

        public string CallerPhone { get; } = callerPhone;

        public string? CallSid { get; set; }

        public string? CallId { get; set; }

        public bool StreamOffered { get; set; }

        public bool Attached { get; set; }

        public bool LeadConfirmed { get; set; }

        public bool HungUpByAgent { get; set; }

        public HttpStatusCode? StatusCallback { get; set; }

        public bool CompletedInCore { get; set; }

        public bool WholeInCore { get; set; }

        public RecordingPlayback.Played? Played { get; set; }

        public string? Failure { get; set; }
    }
}

/// <summary>
/// Tests that start a whole voice tier of processes run one at a time and alone: the machine's two cores are
/// shared, and the other collections' calls would time out beside forty calls on two edge processes.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VoiceTierCollection
{
    public const string Name = "voice tier";
}
