using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class StoredEventConfiguration : IEntityTypeConfiguration<StoredEvent>
{
    public void Configure(EntityTypeBuilder<StoredEvent> builder)
    {
        builder.ToTable("events");
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.TenantId);
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Payload).HasColumnType("jsonb");
        // The cursor: one position per organization, read in order.
        builder.HasIndex(e => new { e.TenantId, e.Sequence }).IsUnique();
        // Retention deletes the oldest events first.
        builder.HasIndex(e => e.OccurredAt);
    }
}

internal sealed class EventSequenceConfiguration : IEntityTypeConfiguration<EventSequence>
{
    public void Configure(EntityTypeBuilder<EventSequence> builder)
    {
        builder.HasKey(s => s.TenantId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.TenantId);
    }
}
