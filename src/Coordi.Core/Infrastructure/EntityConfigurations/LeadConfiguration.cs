using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(l => l.TenantId);
        builder.Property(l => l.RequestId).HasMaxLength(100);
        builder.Property(l => l.Name).HasMaxLength(200);
        builder.Property(l => l.Phone).HasMaxLength(16);
        builder.Property(l => l.Email).HasMaxLength(254);
        builder.Property(l => l.Address).HasMaxLength(500);
        builder.Property(l => l.Service).HasMaxLength(200);
        builder.Property(l => l.Notes).HasMaxLength(4000);
        builder.Property(l => l.Source).HasMaxLength(32);
        builder.HasIndex(l => new { l.TenantId, l.RequestId }).IsUnique();
        builder.HasIndex(l => new { l.TenantId, l.CreatedAt, l.Id }).IsDescending(false, true, true);
        builder.HasIndex(l => new { l.TenantId, l.CallId });
        builder.HasOne<Call>().WithMany().HasForeignKey(l => l.CallId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(l => l.History).WithOne().HasForeignKey(h => h.LeadId);
    }
}

internal sealed class LeadChangeConfiguration : IEntityTypeConfiguration<LeadChange>
{
    public void Configure(EntityTypeBuilder<LeadChange> builder)
    {
        builder.Property(c => c.Field).HasMaxLength(32);
        builder.Property(c => c.OldValue).HasMaxLength(4000);
        builder.Property(c => c.NewValue).HasMaxLength(4000);
        builder.Property(c => c.ChangedBy).HasMaxLength(254);
        builder.HasIndex(c => new { c.TenantId, c.LeadId, c.ChangedAt });
    }
}
