namespace Coordi.MultiTenancy;

/// <summary>Thrown when tenant-owned data is touched without a tenant: never fall back to "all tenants".</summary>
public sealed class TenantNotResolvedException()
    : InvalidOperationException("No tenant is set for this operation; tenant-owned data cannot be read or written without one.");
