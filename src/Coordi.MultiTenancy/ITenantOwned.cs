namespace Coordi.MultiTenancy;

/// <summary>
/// Marks an entity as owned by one tenant. <see cref="EntityFrameworkCore.TenantDbContext"/> filters
/// every query of such an entity by the current tenant and stamps and checks it on every write.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
