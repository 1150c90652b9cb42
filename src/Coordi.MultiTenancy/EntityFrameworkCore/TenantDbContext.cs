using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Coordi.MultiTenancy.EntityFrameworkCore;

/// <summary>
/// Base context for tenant data. Every entity that implements <see cref="ITenantOwned"/> gets a query
/// filter on the current tenant and is stamped and checked on save. Living here, not in each entity's
/// configuration, means no entity can opt out by accident.
/// </summary>
public abstract class TenantDbContext(DbContextOptions options, ITenantContextAccessor tenantAccessor) : DbContext(options)
{
    public const string TenantFilterName = "Tenant";

    /// <summary>
    /// Read by the query filters each time a query runs. Throws without a tenant, so a query can never
    /// silently return every tenant's rows.
    /// </summary>
    public Guid CurrentTenantId => tenantAccessor.Tenant?.Id ?? throw new TenantNotResolvedException();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);

        foreach (var entityType in modelBuilder.Model.GetEntityTypes())
        {
            if (!typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) || entityType.BaseType is not null)
            {
                continue;
            }

            var entity = Expression.Parameter(entityType.ClrType, "e");
            var filter = Expression.Lambda(
                Expression.Equal(
                    Expression.Property(entity, nameof(ITenantOwned.TenantId)),
                    Expression.Property(Expression.Constant(this), nameof(CurrentTenantId))),
                entity);

            modelBuilder.Entity(entityType.ClrType).HasQueryFilter(TenantFilterName, filter);
            modelBuilder.Entity(entityType.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
        }
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnforceTenantOnWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnforceTenantOnWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void EnforceTenantOnWrites()
    {
        Guid? tenantId = null;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            tenantId ??= CurrentTenantId;
            CheckEntry(entry, tenantId.Value);
        }
    }

    private static void CheckEntry(EntityEntry<ITenantOwned> entry, Guid tenantId)
    {
        var name = entry.Metadata.ClrType.Name;
        switch (entry.State)
        {
            case EntityState.Added when entry.Entity.TenantId == Guid.Empty:
                entry.Entity.TenantId = tenantId;
                break;
            case EntityState.Added when entry.Entity.TenantId != tenantId:
                throw new CrossTenantAccessException(name);
            case EntityState.Modified or EntityState.Deleted:
                var tenantProperty = entry.Property(e => e.TenantId);
                // A row may neither belong to another tenant nor be moved to one.
                if (tenantProperty.OriginalValue != tenantId || tenantProperty.CurrentValue != tenantId)
                {
                    throw new CrossTenantAccessException(name);
                }

                break;
        }
    }
}
