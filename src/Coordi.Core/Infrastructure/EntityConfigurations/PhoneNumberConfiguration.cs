using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class PhoneNumberConfiguration : IEntityTypeConfiguration<PhoneNumber>
{
    public void Configure(EntityTypeBuilder<PhoneNumber> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.TenantId);
        builder.Property(p => p.E164).HasMaxLength(16);
        builder.Property(p => p.Label).HasMaxLength(100);
        builder.Property(p => p.TwilioSid).HasMaxLength(64);
        // The one platform-wide unique index (ADR 003): a dialled number routes to one tenant only.
        builder.HasIndex(p => p.E164).IsUnique();
        builder.HasIndex(p => new { p.TenantId, p.CreatedAt, p.Id });
    }
}
