namespace Coordi.MultiTenancy;

/// <summary>Scoped: one instance per request, so nothing tenant-specific outlives it.</summary>
public sealed class TenantContextAccessor : ITenantContextAccessor
{
    public TenantInfo? Tenant { get; private set; }

    public void SetTenant(TenantInfo tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (Tenant is not null && Tenant.Id != tenant.Id)
        {
            throw new InvalidOperationException("The tenant of this unit of work is already set to another tenant.");
        }

        Tenant = tenant;
    }
}
