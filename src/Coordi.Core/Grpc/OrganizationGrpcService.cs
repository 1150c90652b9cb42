using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Coordi.MultiTenancy;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Coordi.Core.Grpc;

public sealed class OrganizationGrpcService(
    CoreDbContext db,
    ITenantContextAccessor tenants,
    AgentConfigProvider agentConfigs,
    IOptions<CoreOptions> options,
    TimeProvider clock) : OrganizationService.OrganizationServiceBase
{
    [Access(AccessLevel.ServicePlatform)]
    public override async Task<Organization> CreateOrganization(CreateOrganizationRequest request, ServerCallContext context)
    {
        var existing = await FindByRequestIdAsync(request.RequestId, context.CancellationToken);
        if (existing is not null)
        {
            return existing.ToProto();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var org = new Model.Organization
        {
            Id = Guid.CreateVersion7(),
            Name = request.Name.Trim(),
            OwnerEmail = request.OwnerEmail.Trim(),
            TimeZone = request.TimeZone,
            CreateRequestId = request.RequestId,
            ConcurrentCallCap = options.Value.DefaultConcurrentCallCap,
            CreatedAt = now,
            UpdatedAt = now,
        };

        // The new organization is the tenant of its own starting profiles.
        tenants.SetTenant(new TenantInfo(org.Id, org.Name));
        db.Organizations.Add(org);
        db.AgentProfiles.Add(new Model.AgentProfile { UpdatedAt = now });
        db.BusinessProfiles.Add(new Model.BusinessProfile { BusinessName = org.Name, WeeklyHours = DefaultHours(), UpdatedAt = now });
        db.Integrations.Add(new Model.IntegrationSettings { UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(context.CancellationToken);
            return org.ToProto();
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent retry of the same sign-up won the race; answer with its organization.
            db.ChangeTracker.Clear();
            var winner = await FindByRequestIdAsync(request.RequestId, context.CancellationToken)
                ?? throw new InvalidOperationException("Sign-up lost a race but no winner was found.", ex);
            return winner.ToProto();
        }
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<Organization> GetOrganization(GetOrganizationRequest request, ServerCallContext context) =>
        (await CurrentAsync(context.CancellationToken)).ToProto();

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<Organization> UpdateOrganization(UpdateOrganizationRequest request, ServerCallContext context)
    {
        var org = await CurrentAsync(context.CancellationToken);
        org.Name = request.Name.Trim();
        org.TimeZone = request.TimeZone;
        if (request.HasRecordingEnabled)
        {
            org.RecordingEnabled = request.RecordingEnabled;
        }

        if (request.HasConcurrentCallCap)
        {
            org.ConcurrentCallCap = request.ConcurrentCallCap;
        }

        org.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);
        agentConfigs.Invalidate(org.Id);
        return org.ToProto();
    }

    private Task<Model.Organization> CurrentAsync(CancellationToken cancellationToken) =>
        db.Organizations.SingleAsync(o => o.Id == db.CurrentTenantId, cancellationToken);

    private Task<Model.Organization?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken) =>
        db.Organizations.AsNoTracking().SingleOrDefaultAsync(o => o.CreateRequestId == requestId, cancellationToken);

    private static List<Model.DailyHours> DefaultHours() =>
        Enumerable.Range(1, 5).Select(day => new Model.DailyHours(day, 8 * 60, 17 * 60)).ToList();
}

internal static class OrganizationMapping
{
    public static Organization ToProto(this Model.Organization o) => new()
    {
        Id = o.Id.ToProtoId(),
        Name = o.Name,
        OwnerEmail = o.OwnerEmail,
        TimeZone = o.TimeZone,
        CreatedAt = o.CreatedAt.ToTimestamp(),
        UpdatedAt = o.UpdatedAt.ToTimestamp(),
        RecordingEnabled = o.RecordingEnabled,
        ConcurrentCallCap = o.ConcurrentCallCap,
    };
}
