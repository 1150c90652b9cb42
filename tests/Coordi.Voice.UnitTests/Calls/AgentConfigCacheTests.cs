using System.Net;
using System.Net.Sockets;
using Coordi.Contracts.V1;
using Coordi.Voice.Calls;
using Coordi.Voice.Core;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Coordi.Voice.UnitTests.Calls;

/// <summary>Against a core nobody answers: what the cache serves without it, and what it cannot.</summary>
public sealed class AgentConfigCacheTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-03-09T17:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CoreClient _core = new(Microsoft.Extensions.Options.Options.Create(new VoiceOptions
    {
        CoreAddress = $"http://127.0.0.1:{ClosedPort()}",
        CoreCredential = "unit-test-voice-credential-0123456789abcdef",
    }));

    [Fact]
    public async Task A_remembered_config_is_served_without_the_core_while_fresh()
    {
        var cache = new AgentConfigCache(_core, _clock, NullLogger<AgentConfigCache>.Instance);
        var config = new AgentConfig { TwilioAuthToken = "tenant-token" };
        cache.Remember("tenant-a", config);
        _clock.Advance(AgentConfigCache.TimeToLive - TimeSpan.FromSeconds(1));

        Assert.Same(config, await cache.GetAsync("tenant-a", TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task An_expired_config_is_still_served_when_the_core_cannot_be_reached()
    {
        var cache = new AgentConfigCache(_core, _clock, NullLogger<AgentConfigCache>.Instance);
        var config = new AgentConfig { TwilioAuthToken = "tenant-token" };
        cache.Remember("tenant-a", config);
        _clock.Advance(AgentConfigCache.TimeToLive + TimeSpan.FromSeconds(1));

        Assert.Same(config, await cache.GetAsync("tenant-a", TimeSpan.FromSeconds(1), CancellationToken.None));
    }

    [Fact]
    public async Task A_tenant_never_seen_needs_the_core()
    {
        var cache = new AgentConfigCache(_core, _clock, NullLogger<AgentConfigCache>.Instance);
        cache.Remember("tenant-a", new AgentConfig());

        var ex = await Assert.ThrowsAsync<RpcException>(() => cache.GetAsync("tenant-b", TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
    }

    public void Dispose() => _core.Dispose();

    /// <summary>A loopback port nothing listens on: connections are refused at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
