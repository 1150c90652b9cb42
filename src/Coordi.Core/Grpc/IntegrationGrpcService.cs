using Coordi.Contracts.V1;
using Coordi.Core.Application;
using Coordi.Core.Grpc.Mapping;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;

namespace Coordi.Core.Grpc;

public sealed class IntegrationGrpcService(CoreDbContext db, SecretProtector secrets, AgentConfigProvider agentConfigs, TimeProvider clock)
    : IntegrationService.IntegrationServiceBase
{
    [Access(AccessLevel.ServiceTenant)]
    public override async Task<Integrations> GetIntegrations(GetIntegrationsRequest request, ServerCallContext context) =>
        ToProto(await SettingsAsync(context.CancellationToken));

    [Access(AccessLevel.ServiceTenant)]
    public override async Task<Integrations> UpdateIntegrations(UpdateIntegrationsRequest request, ServerCallContext context)
    {
        var settings = await SettingsAsync(context.CancellationToken);
        if (request.HasTwilioAccountSid)
        {
            settings.TwilioAccountSid = request.TwilioAccountSid;
        }

        if (request.HasTwilioAuthToken)
        {
            settings.TwilioAuthTokenProtected = secrets.Protect(request.TwilioAuthToken);
        }

        if (request.HasOpenaiApiKey)
        {
            settings.OpenAiApiKeyProtected = secrets.Protect(request.OpenaiApiKey);
        }

        if (request.HasOpenaiModel)
        {
            settings.OpenAiModel = request.OpenaiModel;
        }

        if (request.HasWebhookUrl)
        {
            settings.WebhookUrl = request.WebhookUrl;
        }

        if (request.HasWebhookSecret)
        {
            settings.WebhookSecretProtected = secrets.Protect(request.WebhookSecret);
        }

        settings.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(context.CancellationToken);
        agentConfigs.Invalidate(db.CurrentTenantId);
        return ToProto(settings);
    }

    private async Task<Model.IntegrationSettings> SettingsAsync(CancellationToken cancellationToken) =>
        await db.Integrations.SingleOrDefaultAsync(cancellationToken) ?? db.Integrations.Add(new Model.IntegrationSettings()).Entity;

    private Integrations ToProto(Model.IntegrationSettings s) => new()
    {
        TwilioAccountSid = s.TwilioAccountSid,
        TwilioAuthTokenMasked = secrets.Mask(s.TwilioAuthTokenProtected),
        OpenaiApiKeyMasked = secrets.Mask(s.OpenAiApiKeyProtected),
        OpenaiModel = s.OpenAiModel,
        WebhookUrl = s.WebhookUrl,
        WebhookSecretMasked = secrets.Mask(s.WebhookSecretProtected),
        UpdatedAt = s.UpdatedAt.ToTimestamp(),
    };
}
