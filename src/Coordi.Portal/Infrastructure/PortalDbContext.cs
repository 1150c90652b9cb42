using Coordi.Portal.Model;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Portal.Infrastructure;

/// <summary>
/// The portal's own database: accounts, onboarding progress, invitations and the Data Protection key ring.
/// Business data is never stored here; it lives in the core.
/// </summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options)
    : IdentityUserContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<OnboardingProgress> OnboardingProgress => Set<OnboardingProgress>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // Identity names its tables explicitly ("AspNetUsers"); the rest of the schema is snake_case.
        builder.Entity<PortalUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.HasIndex(u => u.NormalizedUserName).HasDatabaseName("ix_users_normalized_user_name");
            user.HasIndex(u => u.NormalizedEmail).HasDatabaseName("ix_users_normalized_email");
        });
        builder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");

        // Team listings look users up by their organization claim.
        builder.Entity<IdentityUserClaim<string>>(claim =>
        {
            claim.ToTable("user_claims");
            claim.HasIndex(c => new { c.ClaimType, c.ClaimValue });
        });

        builder.Entity<OnboardingProgress>(progress =>
        {
            progress.HasKey(p => p.OrganizationId);
            progress.Property(p => p.OrganizationId).HasMaxLength(36);
            progress.Ignore(p => p.IsComplete);
        });

        builder.Entity<Invitation>(invitation =>
        {
            invitation.HasKey(i => i.Id);
            invitation.Property(i => i.OrganizationId).HasMaxLength(36);
            invitation.Property(i => i.OrganizationName).HasMaxLength(200);
            invitation.Property(i => i.Email).HasMaxLength(256);
            invitation.Property(i => i.Role).HasMaxLength(20);
            invitation.Property(i => i.InvitedBy).HasMaxLength(256);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => new { i.OrganizationId, i.CreatedAt });
        });
    }
}
