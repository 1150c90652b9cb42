using Coordi.MultiTenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Coordi.Core.Infrastructure;

/// <summary>Tenants are organizations. Lookups are cached briefly: every gRPC call resolves its tenant.</summary>
public sealed class OrganizationTenantStore(IServiceScopeFactory scopes, IMemoryCache cache) : ITenantStore
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromMinutes(1);

    public async Task<TenantInfo?> FindAsync(string identifier, CancellationToken cancellationToken)
    {
        if (!Guid.TryParseExact(identifier, "D", out var id))
        {
            return null;
        }

        var key = "tenant:" + id.ToString("N");
        if (cache.TryGetValue(key, out TenantInfo? tenant))
        {
            return tenant;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CoreDbContext>();
        tenant = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == id)
            .Select(o => new TenantInfo(o.Id, o.Name))
            .SingleOrDefaultAsync(cancellationToken);

        // Unknown ids are not cached, so an organization created a moment ago is found at once.
        if (tenant is not null)
        {
            cache.Set(key, tenant, CacheTime);
        }

        return tenant;
    }
}
