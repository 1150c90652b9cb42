using Coordi.Core.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Coordi.Core.Infrastructure.EntityConfigurations;

internal sealed class AppointmentConfiguration : IEntityTypeConfiguration<Appointment>
{
    public void Configure(EntityTypeBuilder<Appointment> builder)
    {
        builder.HasOne<Organization>().WithMany().HasForeignKey(a => a.TenantId);
        builder.Property(a => a.RequestId).HasMaxLength(100);
        builder.Property(a => a.Notes).HasMaxLength(2000);
        builder.Property(a => a.CancelReason).HasMaxLength(500);
        builder.HasIndex(a => new { a.TenantId, a.RequestId }).IsUnique();
        builder.HasIndex(a => new { a.TenantId, a.StartsAt });
        builder.HasOne<Lead>().WithMany().HasForeignKey(a => a.LeadId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Call>().WithMany().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.SetNull);
        // Double booking is refused by the database (see the migration adding appointments_no_overlap),
        // so two concurrent bookings of one slot cannot both commit.
        builder.ToTable(t => t.HasCheckConstraint("ck_appointments_ends_after_starts", "ends_at > starts_at"));
    }
}
