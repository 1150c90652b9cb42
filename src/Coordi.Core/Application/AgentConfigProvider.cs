using System.Security.Cryptography;
using System.Text;
using Coordi.Contracts.V1;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Application;

/// <summary>
/// Builds the one-round-trip config of a call and caches it per tenant. Every write that changes an input
/// invalidates the entry on this instance; the expiry bounds staleness on other instances (ADR 004).
/// </summary>
public sealed class AgentConfigProvider(CoreDbContext db, IMemoryCache cache, SecretProtector secrets, IOptions<CoreOptions> options)
{
    public async Task<AgentConfig> GetAsync(CancellationToken cancellationToken)
    {
        var tenantId = db.CurrentTenantId;
        if (cache.TryGetValue(CacheKey(tenantId), out AgentConfig? config))
        {
            return config!;
        }

        config = await BuildAsync(tenantId, cancellationToken);
        cache.Set(CacheKey(tenantId), config, TimeSpan.FromSeconds(options.Value.AgentConfigCacheSeconds));
        return config;
    }

    public void Invalidate(Guid tenantId) => cache.Remove(CacheKey(tenantId));

    private async Task<AgentConfig> BuildAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == tenantId, cancellationToken);
        var agent = await db.AgentProfiles.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new Model.AgentProfile();
        var business = await db.BusinessProfiles.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new Model.BusinessProfile();
        var integration = await db.Integrations.AsNoTracking().SingleOrDefaultAsync(cancellationToken) ?? new Model.IntegrationSettings();

        var config = new AgentConfig
        {
            TenantId = tenantId.ToProtoId(),
            OrganizationName = org.Name,
            TimeZone = org.TimeZone,
            Agent = agent.ToProto(),
            Business = business.ToProto(),
            SystemPrompt = SystemPromptRenderer.Render(org.Name, org.TimeZone, agent, business),
            RecordingEnabled = org.RecordingEnabled,
            ConcurrentCallCap = org.ConcurrentCallCap,
            OpenaiApiKey = secrets.Unprotect(integration.OpenAiApiKeyProtected),
            OpenaiModel = integration.OpenAiModel,
            TwilioAccountSid = integration.TwilioAccountSid,
            TwilioAuthToken = secrets.Unprotect(integration.TwilioAuthTokenProtected),
        };
        config.Tools.AddRange(AgentTools.All);
        config.Version = Version(org.UpdatedAt, agent.UpdatedAt, business.UpdatedAt, integration.UpdatedAt);
        return config;
    }

    private static string Version(params DateTime[] stamps)
    {
        var text = string.Join('|', stamps.Select(s => s.Ticks));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)))[..16];
    }

    private static string CacheKey(Guid tenantId) => "agentconfig:" + tenantId.ToString("N");
}
