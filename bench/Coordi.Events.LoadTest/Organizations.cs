using Grpc.Core;
using Grpc.Net.Client;

namespace Coordi.Events.LoadTest;

/// <summary>One organization of the run: who it is, the partner key that follows its events, its endpoint's secret.</summary>
public sealed record LoadOrganization(int Index, string TenantId, string ApiKey, string WebhookSecret);

public static class Organizations
{
    /// <summary>
    /// Signs up <paramref name="count"/> organizations as the portal does, and gives each a read-only partner key
    /// (its stream subscriber) and one webhook endpoint, subscribed to every event type, at its receiver path.
    /// </summary>
    public static async Task<LoadOrganization[]> CreateAsync(GrpcChannel channel, int count, Func<int, string> webhookUrl, CancellationToken cancellationToken)
    {
        var invoker = channel.CreateCallInvoker();
        var organizations = new OrganizationService.OrganizationServiceClient(invoker);
        var apiKeys = new ApiKeyService.ApiKeyServiceClient(invoker);
        var webhooks = new WebhookService.WebhookServiceClient(invoker);
        var created = new LoadOrganization[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var org = await organizations.CreateOrganizationAsync(new CreateOrganizationRequest
            {
                Name = $"Fan-out Plumbing {i:000}",
                OwnerEmail = $"owner+fanout{i:000}-{Guid.NewGuid():N}@example.com",
                TimeZone = "America/Chicago",
                RequestId = Guid.NewGuid().ToString(),
            }, EventStack.ServiceHeaders(null), cancellationToken: ct);
            var tenant = EventStack.ServiceHeaders(org.Id);
            var key = await apiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm-sync", Scope = ApiKeyScope.Read }, tenant, cancellationToken: ct);
            var endpoint = await webhooks.CreateWebhookEndpointAsync(new CreateWebhookEndpointRequest
            {
                Url = webhookUrl(i),
                Description = "CRM sync",
            }, tenant, cancellationToken: ct);
            created[i] = new LoadOrganization(i, org.Id, key.Secret, endpoint.Secret);
        });
        return created;
    }
}
