using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.TenantId);
        builder.Property(e => e.Url).HasMaxLength(2048);
        builder.Property(e => e.Description).HasMaxLength(200);
        builder.Property(e => e.DisabledReason).HasMaxLength(500);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        // Removing an endpoint removes its pending deliveries with it, so none is attempted afterwards.
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<StoredEvent>().WithMany().HasForeignKey(d => d.EventId);
        builder.Property(d => d.EventType).HasMaxLength(64);
        builder.Property(d => d.LastError).HasMaxLength(500);
        builder.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.CreatedAt, d.Id }).IsDescending(false, true, true);
        // The worker's queue: only pending rows, by due time.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'Pending'");
    }
}

internal sealed class OwnerNotificationConfiguration : IEntityTypeConfiguration<OwnerNotification>
{
    public void Configure(EntityTypeBuilder<OwnerNotification> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(n => n.TenantId);
        builder.Property(n => n.Kind).HasMaxLength(64);
        builder.Property(n => n.Recipient).HasMaxLength(254);
        builder.Property(n => n.Subject).HasMaxLength(200);
        builder.Property(n => n.Body).HasMaxLength(4000);
    }
}
