namespace Coordi.MultiTenancy;

/// <summary>Looks tenants up by identifier; the source of truth for which tenants exist.</summary>
public interface ITenantStore
{
    Task<TenantInfo?> FindAsync(string identifier, CancellationToken cancellationToken);
}
