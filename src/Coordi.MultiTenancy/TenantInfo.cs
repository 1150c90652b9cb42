namespace Coordi.MultiTenancy;

/// <summary>The tenant a request acts for. In Coordi a tenant is one organization.</summary>
public sealed record TenantInfo(Guid Id, string Name)
{
    public string Identifier => Id.ToString("D");
}
