using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(c => c.TenantId);
        builder.Property(c => c.TwilioCallSid).HasMaxLength(64);
        builder.Property(c => c.FromNumber).HasMaxLength(32);
        builder.Property(c => c.ToNumber).HasMaxLength(32);
        builder.Property(c => c.Summary).HasMaxLength(4000);
        builder.Property(c => c.RecordingRef).HasMaxLength(500);
        builder.Property(c => c.HandoffReason).HasMaxLength(500);
        builder.HasIndex(c => new { c.TenantId, c.TwilioCallSid }).IsUnique();
        builder.HasIndex(c => new { c.TenantId, c.StartedAt, c.Id }).IsDescending(false, true, true);
        builder.HasMany(c => c.Transcript).WithOne().HasForeignKey(t => t.CallId);
        builder.HasMany(c => c.ToolInvocations).WithOne().HasForeignKey(t => t.CallId);
    }
}

internal sealed class TranscriptTurnConfiguration : IEntityTypeConfiguration<TranscriptTurn>
{
    public void Configure(EntityTypeBuilder<TranscriptTurn> builder)
    {
        builder.Property(t => t.Text).HasMaxLength(8000);
        builder.HasIndex(t => new { t.TenantId, t.CallId, t.Sequence }).IsUnique();
    }
}

internal sealed class ToolInvocationConfiguration : IEntityTypeConfiguration<ToolInvocation>
{
    public void Configure(EntityTypeBuilder<ToolInvocation> builder)
    {
        builder.Property(t => t.ToolCallId).HasMaxLength(100);
        builder.Property(t => t.Name).HasMaxLength(64);
        builder.Property(t => t.ArgumentsJson).HasColumnType("jsonb");
        builder.Property(t => t.ResultJson).HasColumnType("jsonb");
        builder.HasIndex(t => new { t.TenantId, t.CallId, t.ToolCallId }).IsUnique();
    }
}
