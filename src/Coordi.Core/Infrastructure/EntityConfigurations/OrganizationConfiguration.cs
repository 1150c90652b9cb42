using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.OwnerEmail).HasMaxLength(254);
        builder.Property(o => o.TimeZone).HasMaxLength(64);
        builder.Property(o => o.CreateRequestId).HasMaxLength(100);
        builder.HasIndex(o => o.CreateRequestId).IsUnique();
    }
}
