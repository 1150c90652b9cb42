using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace Coordi.Deployment.Tests.ScaleOut;

/// <summary>
/// The ingress in front of the voice tier: a YARP reverse proxy on a free loopback port that spreads every HTTP
/// request and every WebSocket upgrade round-robin over the edges, with no affinity at all, so any request of a
/// call may reach any edge. Each edge's /readyz (on its management port) is probed often, so a killed edge
/// stops getting traffic as its pod would leave the Service's endpoints; readiness alone decides, as for a Service. It records which edge each request was
/// sent to, so a test can tell which edge served what.
/// </summary>
public sealed class RoundRobinProxy : IAsyncDisposable
{
    public const string ClusterId = "voice";

    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    private readonly WebApplication _app;
    private readonly List<Forwarded> _forwarded = [];

    private RoundRobinProxy(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The public base URL of the tier: Twilio dials it and the edges' PublicBaseUrl names it.</summary>
    public Uri Address { get; }

    /// <summary>One request sent on to an edge: its path, whether it was a WebSocket upgrade, and which edge took it.</summary>
    public sealed record Forwarded(string Path, bool WebSocket, string Edge);

    public IReadOnlyList<Forwarded> Requests
    {
        get
        {
            lock (_forwarded)
            {
                return [.. _forwarded];
            }
        }
    }

    /// <summary>Binds the port first, so the edges can be configured with the proxy's address before they start.</summary>
    public static async Task<RoundRobinProxy> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddReverseProxy().LoadFromMemory([], []);
        var app = builder.Build();
        RoundRobinProxy? proxy = null;
        app.MapReverseProxy(pipeline =>
        {
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.Use(async (context, next) =>
            {
                // After load balancing exactly one destination is left: the edge this request goes to.
                var edge = context.GetReverseProxyFeature().AvailableDestinations.Single().DestinationId;
                var upgrade = string.Equals(context.Request.Headers.Upgrade, "websocket", StringComparison.OrdinalIgnoreCase);
                proxy!.Record(new Forwarded(context.Request.Path, upgrade, edge));
                await next();
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy = new RoundRobinProxy(app, new Uri(address));
        return proxy;
    }

    /// <summary>Sends traffic to these edges from now on (public port for traffic, management port for probes).</summary>
    public void Route(IEnumerable<VoiceProcess> edges)
    {
        var destinations = edges.ToDictionary(
            e => e.Name,
            e => new DestinationConfig { Address = e.Address.ToString(), Health = e.ManagementAddress.ToString() });
        var cluster = new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
            Destinations = destinations,
            HealthCheck = new HealthCheckConfig
            {
                // A readiness probe, as the kubelet's: one failed probe takes the edge out, one success brings it back.
                // Nothing else takes an edge out: a Service has no passive ejection, and the proxy's own (failure
                // rate over a minute) counted closed media streams and kept a healthy edge out for most of a run.
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = ProbeInterval,
                    Timeout = TimeSpan.FromSeconds(1),
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/readyz",
                },
            },
            Metadata = new Dictionary<string, string> { ["ConsecutiveFailuresHealthPolicy.Threshold"] = "1" },
        };
        var route = new RouteConfig { RouteId = "everything", ClusterId = ClusterId, Match = new RouteMatch { Path = "{**catch-all}" } };
        _app.Services.GetRequiredService<InMemoryConfigProvider>().Update([route], [cluster]);
    }

    /// <summary>Waits until the proxy's probes see <paramref name="edge"/> as healthy (true) or unhealthy (false).</summary>
    public Task WaitForHealthAsync(VoiceProcess edge, bool healthy) =>
        Eventually.UntilAsync(
            () => Health(edge) == (healthy ? DestinationHealth.Healthy : DestinationHealth.Unhealthy),
            $"the proxy to see {edge} as {(healthy ? "healthy" : "unhealthy")}",
            TimeSpan.FromSeconds(30));

    /// <summary>How many requests to <paramref name="path"/> went to <paramref name="edge"/>.</summary>
    public int CountTo(VoiceProcess edge, string path) => Requests.Count(r => r.Edge == edge.Name && r.Path == path);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private DestinationHealth Health(VoiceProcess edge) =>
        _app.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster(ClusterId, out var cluster)
        && cluster.Destinations.TryGetValue(edge.Name, out var destination)
            ? destination.Health.Active
            : DestinationHealth.Unknown;

    private void Record(Forwarded forwarded)
    {
        lock (_forwarded)
        {
            _forwarded.Add(forwarded);
        }
    }
}
