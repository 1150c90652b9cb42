using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Coordi.Portal;
using Coordi.Portal.Core;
using Coordi.Voice;
using Coordi.Voice.Core;
using Microsoft.Extensions.Options;

namespace Coordi.Deployment.Tests;

[Collection(StackCollection.Name)]
public sealed class ObservabilityTests(StackFixture stack)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task The_voice_edge_exports_its_call_metrics_for_prometheus_on_its_management_port_only()
    {
        var (_, marker, number, greeting) = await stack.NewBusinessAsync();
        var script = stack.Realtime.Expect(marker)
            .Agent(greeting)
            .Caller("Hi, my drain is blocked, can someone come out?")
            .Agent("Sure, saving your details now.", call: ScriptedCall.Of("create_lead", new
            {
                name = "Dana Smith",
                phone = "512 555 0143",
                service = "Drain cleaning",
                urgency = "normal",
            }))
            .DropConnection();

        await using (var call = await stack.Twilio.DialAsync(TestData.UsNumber(), number))
        {
            var session = await script.Session.Within("the model session to open");
            await AgentFinishedAsync(call, session);
            call.Media!.Speak(TimeSpan.FromMilliseconds(700));
            // The drop sends the caller to voicemail: the bridge has ended the media stream.
            await call.ConnectAction.Within("the voicemail fallback after the model dropped");
        }

        var metrics = await Eventually.GetAsync(
            () => ScrapeAsync(stack.Voice.ManagementAddress),
            m => m.Sum("coordi_voice_realtime_failures_total", ("stage", "dropped")) >= 1
                && m.Named("coordi_voice_tool_duration_milliseconds_count", ("tool", "create_lead"), ("outcome", "succeeded")).Any()
                && m.Sum("coordi_voice_live_calls") == 0,
            "the call to show in the voice edge's metrics");

        Assert.Equal("gauge", metrics.Types["coordi_voice_live_calls"]);
        Assert.Equal("counter", metrics.Types["coordi_voice_frames_bridged_total"]);
        Assert.True(metrics.Sum("coordi_voice_frames_bridged_total") > 0, "caller frames were bridged to the model");
        Assert.Equal("histogram", metrics.Types["coordi_voice_frame_added_latency_milliseconds"]);
        Assert.Equal(
            metrics.Sum("coordi_voice_frames_bridged_total"),
            metrics.Sum("coordi_voice_frame_added_latency_milliseconds_count"));
        Assert.Contains(metrics.Named("coordi_voice_frame_added_latency_milliseconds_bucket"), b => b.Labels["le"] == "0.5");
        Assert.Equal(1, metrics.Sum("coordi_voice_tool_duration_milliseconds_count", ("tool", "create_lead"), ("outcome", "succeeded")));
        Assert.Equal("gauge", metrics.Types["coordi_voice_outbox_depth"]);
        Assert.Single(metrics.Named("coordi_voice_outbox_depth"));
        // ASP.NET Core's own request metrics come along, so webhook latency is visible too.
        Assert.Contains(metrics.Named("http_server_request_duration_seconds_count"), s => s.Labels.GetValueOrDefault("http_route") == "/twilio/voice");

        // The public port, the one the ingress routes to, does not serve the scrape.
        using var onPublicPort = await Http.GetAsync(new Uri(stack.Voice.BaseAddress, "/metrics"));
        Assert.Equal(HttpStatusCode.NotFound, onPublicPort.StatusCode);
    }

    [Fact]
    public async Task The_core_exports_grpc_server_metrics_on_its_health_port()
    {
        var (clients, _, _, _) = await stack.NewBusinessAsync();
        await clients.Profiles.GetAgentProfileAsync(new GetAgentProfileRequest());

        var metrics = await Eventually.GetAsync(
            () => ScrapeAsync(stack.Core.HealthAddress),
            m => m.Named("http_server_request_duration_seconds_count", ("http_route", "/coordi.v1.ProfileService/GetAgentProfile")).Any(),
            "the gRPC call to show in the core's metrics");

        Assert.Equal("histogram", metrics.Types["http_server_request_duration_seconds"]);
        Assert.True(metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/coordi.v1.ProfileService/GetAgentProfile")) >= 1);
        Assert.Contains(metrics.Samples, s => s.Name.StartsWith("dotnet_", StringComparison.Ordinal) || s.Name.StartsWith("process_runtime_dotnet_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Calls_from_the_portal_and_the_voice_edge_carry_their_trace_into_the_core()
    {
        var server = new ConcurrentBag<Activity>();
        using var source = new ActivitySource("Coordi.Deployment.Tests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Coordi.Deployment.Tests" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server)
                {
                    server.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var (clients, _, number, _) = await stack.NewBusinessAsync();

        // The portal's own channel to the core, as it is built in the portal.
        using var portal = new CoreChannel(Options.Create(new PortalOptions
        {
            CoreAddress = stack.Core.GrpcAddress.ToString(),
            CoreCredential = CoreServer.PortalCredential,
        }));
        string portalTrace;
        using (var page = source.StartActivity("portal page", ActivityKind.Server)!)
        {
            portalTrace = page.TraceId.ToString();
            await new ProfileService.ProfileServiceClient(portal.ForOrganization(clients.TenantId)).GetBusinessProfileAsync(new GetBusinessProfileRequest());
        }

        // The voice edge's client, as it is built in the edge.
        using var voice = new CoreClient(Options.Create(new VoiceOptions
        {
            CoreAddress = stack.Core.GrpcAddress.ToString(),
            CoreCredential = CoreServer.VoiceCredential,
        }));
        string voiceTrace;
        using (var webhook = source.StartActivity("incoming call", ActivityKind.Server)!)
        {
            voiceTrace = webhook.TraceId.ToString();
            await voice.PhoneNumbers.ResolvePhoneNumberAsync(new ResolvePhoneNumberRequest { E164 = number }, voice.For(null));
        }

        var inCore = await Eventually.GetAsync(
            () => Task.FromResult(server.ToArray()),
            a => a.Any(x => x.TraceId.ToString() == portalTrace) && a.Any(x => x.TraceId.ToString() == voiceTrace),
            "the core's request activities");
        var fromPortal = Assert.Single(inCore, a => a.TraceId.ToString() == portalTrace);
        var fromVoice = Assert.Single(inCore, a => a.TraceId.ToString() == voiceTrace);
        Assert.Equal("/coordi.v1.ProfileService/GetBusinessProfile", fromPortal.GetTagItem("http.route"));
        Assert.Equal("/coordi.v1.PhoneNumberService/ResolvePhoneNumber", fromVoice.GetTagItem("http.route"));
        // The core's request is a child of a span on the caller's side, received over the wire (W3C traceparent).
        Assert.True(fromPortal.HasRemoteParent && fromVoice.HasRemoteParent);
        Assert.NotEqual(default, fromPortal.ParentSpanId);
    }

    private static async Task<PrometheusText> ScrapeAsync(Uri address)
    {
        using var response = await Http.GetAsync(new Uri(address, "/metrics"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until the model has said everything and the caller has heard it, as a person would before speaking.</summary>
    private static async Task AgentFinishedAsync(EmulatedCall call, RealtimeSession session)
    {
        var media = call.Media ?? throw new InvalidOperationException("The call has no media stream.");
        await Eventually.UntilAsync(() => session.AwaitingCaller || session.Fault is not null, "the agent to finish its turn");
        Assert.Null(session.Fault);
        await Eventually.UntilAsync(
            () => session.Replies.Where(r => !r.Cancelled).All(r => media.ReceivedBytes(r.Tag) >= r.BytesSent) && media.PlaybackIdle,
            "the caller to hear the agent out");
    }
}
