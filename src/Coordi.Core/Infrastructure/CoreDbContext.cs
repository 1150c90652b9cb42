using Coordi.Core.Model;
using Coordi.MultiTenancy;
using Coordi.MultiTenancy.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Infrastructure;

public sealed class CoreDbContext : TenantDbContext, IDataProtectionKeyContext
{
    public CoreDbContext(DbContextOptions<CoreDbContext> options, ITenantContextAccessor tenantAccessor)
        : base(options, tenantAccessor)
    {
        // No savepoint around a SaveChanges inside a transaction: no code here carries on with a transaction after
        // a failed save, and the two extra round trips would lengthen every event write's hold on its sequence row.
        Database.AutoSavepointsEnabled = false;
    }

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<AgentProfile> AgentProfiles => Set<AgentProfile>();
    public DbSet<BusinessProfile> BusinessProfiles => Set<BusinessProfile>();
    public DbSet<PhoneNumber> PhoneNumbers => Set<PhoneNumber>();
    public DbSet<Call> Calls => Set<Call>();
    public DbSet<TranscriptTurn> TranscriptTurns => Set<TranscriptTurn>();
    public DbSet<ToolInvocation> ToolInvocations => Set<ToolInvocation>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<LeadChange> LeadChanges => Set<LeadChange>();
    public DbSet<Appointment> Appointments => Set<Appointment>();
    public DbSet<IntegrationSettings> Integrations => Set<IntegrationSettings>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<BillingAccount> BillingAccounts => Set<BillingAccount>();
    public DbSet<ProcessedStripeEvent> ProcessedStripeEvents => Set<ProcessedStripeEvent>();
    public DbSet<UsageRecord> UsageRecords => Set<UsageRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StoredEvent> Events => Set<StoredEvent>();
    public DbSet<EventSequence> EventSequences => Set<EventSequence>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<OwnerNotification> OwnerNotifications => Set<OwnerNotification>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("btree_gist");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CoreDbContext).Assembly);
        // Last, so the tenant filter and index reach every tenant-owned entity configured above.
        base.OnModelCreating(modelBuilder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as text: readable in SQL, and safe to reorder in code.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
