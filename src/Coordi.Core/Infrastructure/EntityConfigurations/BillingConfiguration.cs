using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class BillingAccountConfiguration : IEntityTypeConfiguration<BillingAccount>
{
    public void Configure(EntityTypeBuilder<BillingAccount> builder)
    {
        builder.HasKey(b => b.TenantId);
        builder.HasOne<Organization>().WithOne().HasForeignKey<BillingAccount>(b => b.TenantId);
        builder.Property(b => b.PlanId).HasMaxLength(64);
        builder.Property(b => b.StripeCustomerId).HasMaxLength(255);
        builder.Property(b => b.StripeSubscriptionId).HasMaxLength(255);
        // Webhooks find the organization by its Stripe customer.
        builder.HasIndex(b => b.StripeCustomerId).IsUnique().HasFilter("stripe_customer_id IS NOT NULL");
    }
}

internal sealed class ProcessedStripeEventConfiguration : IEntityTypeConfiguration<ProcessedStripeEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedStripeEvent> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(u => u.TenantId);
        builder.HasOne<Call>().WithOne().HasForeignKey<UsageRecord>(u => u.CallId);
        builder.HasIndex(u => u.CallId).IsUnique();
        builder.Property(u => u.StripeCustomerId).HasMaxLength(255);
        builder.Property(u => u.LastError).HasMaxLength(1000);
        builder.HasIndex(u => new { u.TenantId, u.OccurredAt });
        // The reporter's queue: only rows still to send are indexed.
        builder.HasIndex(u => u.NextAttemptAt).HasFilter("reported_at IS NULL AND stripe_customer_id IS NOT NULL");
    }
}
