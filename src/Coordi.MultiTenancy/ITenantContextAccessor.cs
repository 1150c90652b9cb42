namespace Coordi.MultiTenancy;

/// <summary>Holds the tenant of the current unit of work (one request, one job).</summary>
public interface ITenantContextAccessor
{
    TenantInfo? Tenant { get; }

    /// <summary>Sets the tenant once. Changing it mid-request would mix two tenants' data, so it throws.</summary>
    void SetTenant(TenantInfo tenant);

    /// <summary>The current tenant, or <see cref="TenantNotResolvedException"/>.</summary>
    TenantInfo RequiredTenant => Tenant ?? throw new TenantNotResolvedException();
}
