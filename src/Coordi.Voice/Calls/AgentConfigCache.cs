using System.Collections.Concurrent;
using Coordi.Contracts.V1;
using Coordi.Voice.Core;
using Grpc.Core;

namespace Coordi.Voice.Calls;

/// <summary>
/// Each tenant's agent config, kept for a short while so that a media stream or a callback reaching an instance
/// other than the one that answered the call does not wait on the core when the tenant was seen recently.
/// </summary>
/// <remarks>
/// The core already caches the rendered config (ADR 004); this only saves the round trip. The time to live is
/// short because the config carries the tenant's Twilio auth token, which verifies its callbacks: a rotated
/// token is honoured within <see cref="TimeToLive"/>. When the core cannot be reached an expired entry is still
/// served, so calls of a tenant seen before keep working through a core outage.
/// </remarks>
public sealed class AgentConfigCache(CoreClient core, TimeProvider clock, ILogger<AgentConfigCache> logger)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Keeps a config the core just sent with something else (e.g. resolving the dialled number).</summary>
    public void Remember(string tenantId, AgentConfig config) => _entries[tenantId] = new Entry(config, clock.GetUtcNow() + TimeToLive);

    /// <summary>The tenant's config; throws the core's <see cref="RpcException"/> when it is neither fresh here nor at the core.</summary>
    public async Task<AgentConfig> GetAsync(string tenantId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var known = _entries.GetValueOrDefault(tenantId);
        if (known is not null && clock.GetUtcNow() < known.ExpiresAt)
        {
            return known.Config;
        }

        try
        {
            var config = await core.Profiles.GetAgentConfigAsync(new GetAgentConfigRequest(), core.For(tenantId, timeout, cancellationToken));
            Remember(tenantId, config);
            return config;
        }
        catch (RpcException ex) when (known is not null && CoreClient.IsTransient(ex))
        {
            logger.LogWarning("Core unreachable ({Status}): using the agent config of tenant {TenantId} fetched earlier", ex.StatusCode, tenantId);
            return known.Config;
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            _entries.TryRemove(tenantId, out _);
            throw;
        }
    }

    private sealed record Entry(AgentConfig Config, DateTimeOffset ExpiresAt);
}
