using Microsoft.AspNetCore.Http;

namespace Coordi.MultiTenancy;

/// <summary>Tries each strategy in order; the first identifier found must name a tenant the store knows.</summary>
public sealed class TenantResolver(IEnumerable<ITenantResolutionStrategy> strategies, ITenantStore store)
{
    public async Task<TenantResolution> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        foreach (var strategy in strategies)
        {
            var identifier = await strategy.GetIdentifierAsync(context);
            if (identifier is null)
            {
                continue;
            }

            var tenant = await store.FindAsync(identifier, cancellationToken);
            return tenant is null
                ? TenantResolution.Unknown(identifier)
                : TenantResolution.Found(tenant);
        }

        return TenantResolution.None;
    }
}

public sealed record TenantResolution(TenantInfo? Tenant, string? Identifier)
{
    public static readonly TenantResolution None = new(null, null);

    public static TenantResolution Found(TenantInfo tenant) => new(tenant, tenant.Identifier);

    public static TenantResolution Unknown(string identifier) => new(null, identifier);
}
