using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Grpc;

public sealed class ProfileGrpcService(CoreDbContext db, AgentConfigProvider agentConfigs, TimeProvider clock)
    : ProfileService.ProfileServiceBase
{
    [Access(AccessLevel.TenantRead)]
    public override async Task<AgentProfile> GetAgentProfile(GetAgentProfileRequest request, ServerCallContext context) =>
        (await AgentAsync(context.CancellationToken)).ToProto();

    [Access(AccessLevel.TenantWrite)]
    public override async Task<AgentProfile> UpdateAgentProfile(UpdateAgentProfileRequest request, ServerCallContext context)
    {
        var profile = await AgentAsync(context.CancellationToken);
        profile.Apply(request.Profile);
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);
        agentConfigs.Invalidate(db.CurrentTenantId);
        return profile.ToProto();
    }

    [Access(AccessLevel.TenantRead)]
    public override async Task<BusinessProfile> GetBusinessProfile(GetBusinessProfileRequest request, ServerCallContext context) =>
        (await BusinessAsync(context.CancellationToken)).ToProto();

    [Access(AccessLevel.TenantWrite)]
    public override async Task<BusinessProfile> UpdateBusinessProfile(UpdateBusinessProfileRequest request, ServerCallContext context)
    {
        var profile = await BusinessAsync(context.CancellationToken);
        profile.Apply(request.Profile);
        profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);
        agentConfigs.Invalidate(db.CurrentTenantId);
        return profile.ToProto();
    }

    [Access(AccessLevel.ServiceTenant)]
    public override Task<AgentConfig> GetAgentConfig(GetAgentConfigRequest request, ServerCallContext context) =>
        agentConfigs.GetAsync(context.CancellationToken);

    [Access(AccessLevel.TenantRead)]
    public override async Task<PreviewSystemPromptResponse> PreviewSystemPrompt(PreviewSystemPromptRequest request, ServerCallContext context)
    {
        var org = await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == db.CurrentTenantId, context.CancellationToken);
        var agent = await AgentAsync(context.CancellationToken);
        var business = await BusinessAsync(context.CancellationToken);
        if (request.Agent is not null)
        {
            agent.Apply(request.Agent);
        }

        if (request.Business is not null)
        {
            business.Apply(request.Business);
        }

        // Tracked entities were changed only for rendering; nothing is saved.
        db.ChangeTracker.Clear();
        return new PreviewSystemPromptResponse { SystemPrompt = SystemPromptRenderer.Render(org.Name, org.TimeZone, agent, business) };
    }

    private async Task<Model.AgentProfile> AgentAsync(CancellationToken cancellationToken) =>
        await db.AgentProfiles.SingleOrDefaultAsync(cancellationToken) ?? db.AgentProfiles.Add(new Model.AgentProfile()).Entity;

    private async Task<Model.BusinessProfile> BusinessAsync(CancellationToken cancellationToken) =>
        await db.BusinessProfiles.SingleOrDefaultAsync(cancellationToken) ?? db.BusinessProfiles.Add(new Model.BusinessProfile()).Entity;
}
