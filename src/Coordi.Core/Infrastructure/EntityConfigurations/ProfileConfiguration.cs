using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class AgentProfileConfiguration : IEntityTypeConfiguration<AgentProfile>
{
    public void Configure(EntityTypeBuilder<AgentProfile> builder)
    {
        builder.HasKey(p => p.TenantId);
        builder.HasOne<Organization>().WithOne().HasForeignKey<AgentProfile>(p => p.TenantId);
        builder.Property(p => p.Name).HasMaxLength(60);
        builder.Property(p => p.Voice).HasMaxLength(32);
        builder.Property(p => p.Greeting).HasMaxLength(500);
        builder.Property(p => p.Language).HasMaxLength(35);
        builder.Property(p => p.CustomInstructions).HasMaxLength(4000);
    }
}

internal sealed class BusinessProfileConfiguration : IEntityTypeConfiguration<BusinessProfile>
{
    public void Configure(EntityTypeBuilder<BusinessProfile> builder)
    {
        builder.HasKey(p => p.TenantId);
        builder.HasOne<Organization>().WithOne().HasForeignKey<BusinessProfile>(p => p.TenantId);
        builder.Property(p => p.BusinessName).HasMaxLength(200);
        builder.Property(p => p.Description).HasMaxLength(4000);
        builder.Property(p => p.Services).HasJsonConversion();
        builder.Property(p => p.ServiceAreaZips).HasJsonConversion();
        builder.Property(p => p.WeeklyHours).HasJsonConversion();
        builder.Property(p => p.Faqs).HasJsonConversion();
        builder.Property(p => p.EscalationContacts).HasJsonConversion();
        builder.Property(p => p.BookingRules).HasJsonConversion();
    }
}

internal sealed class IntegrationSettingsConfiguration : IEntityTypeConfiguration<IntegrationSettings>
{
    public void Configure(EntityTypeBuilder<IntegrationSettings> builder)
    {
        builder.HasKey(p => p.TenantId);
        builder.HasOne<Organization>().WithOne().HasForeignKey<IntegrationSettings>(p => p.TenantId);
        builder.Property(p => p.TwilioAccountSid).HasMaxLength(64);
        builder.Property(p => p.OpenAiModel).HasMaxLength(100);
        builder.Property(p => p.WebhookUrl).HasMaxLength(2000);
    }
}
