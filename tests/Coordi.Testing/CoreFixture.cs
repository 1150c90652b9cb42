using Coordi.Contracts.V1;
using Grpc.Core;
using Xunit;

namespace Coordi.Testing;

/// <summary>
/// One PostgreSQL cluster and one core per test assembly. Tests isolate themselves by creating their own
/// organizations, which is also how real tenants are isolated.
/// </summary>
public sealed class CoreFixture : IAsyncLifetime
{
    private PostgresCluster? _cluster;

    public PostgresCluster Cluster => _cluster ?? throw new InvalidOperationException("The fixture has not started.");

    public CoreServer Core { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync();
        ConnectionString = await _cluster.CreateDatabaseAsync("coordi");
        Core = await CoreServer.StartAsync(ConnectionString, new Dictionary<string, string?> { ["Coordi:Core:VoicePublicBaseUrl"] = VoicePublicBaseUrl });
    }

    /// <summary>Where the core points recording links; no voice edge runs in the core's own tests.</summary>
    public const string VoicePublicBaseUrl = "https://voice.coordi.test";

    public async Task DisposeAsync()
    {
        if (Core is not null)
        {
            await Core.DisposeAsync();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>Signs up a new organization through the core, as the portal does, and returns clients acting for it.</summary>
    public Task<TenantClients> NewTenantAsync(string name = "Acme Plumbing", string timeZone = "America/Chicago") =>
        Core.NewTenantAsync(name, timeZone);

    /// <summary>Clients for a partner key of the tenant.</summary>
    public async Task<(string Key, TenantClients Clients)> NewPartnerAsync(TenantClients tenant, ApiKeyScope scope = ApiKeyScope.ReadWrite)
    {
        var created = await tenant.ApiKeys.CreateApiKeyAsync(new CreateApiKeyRequest { Name = "crm-sync", Scope = scope });
        return (created.Secret, new TenantClients(tenant.Organization, Core.AsPartner(created.Secret)));
    }
}

/// <summary>Typed clients sharing one authenticated call invoker.</summary>
public sealed class TenantClients(Organization organization, CallInvoker invoker)
{
    public Organization Organization { get; } = organization;
    public string TenantId => Organization.Id;
    public CallInvoker Invoker { get; } = invoker;
    public OrganizationService.OrganizationServiceClient Organizations { get; } = new(invoker);
    public ProfileService.ProfileServiceClient Profiles { get; } = new(invoker);
    public PhoneNumberService.PhoneNumberServiceClient PhoneNumbers { get; } = new(invoker);
    public CallService.CallServiceClient Calls { get; } = new(invoker);
    public LeadService.LeadServiceClient Leads { get; } = new(invoker);
    public AppointmentService.AppointmentServiceClient Appointments { get; } = new(invoker);
    public IntegrationService.IntegrationServiceClient Integrations { get; } = new(invoker);
    public ApiKeyService.ApiKeyServiceClient ApiKeys { get; } = new(invoker);
    public MetricsService.MetricsServiceClient Metrics { get; } = new(invoker);
    public BillingService.BillingServiceClient Billing { get; } = new(invoker);
    public EventService.EventServiceClient Events { get; } = new(invoker);
    public WebhookService.WebhookServiceClient Webhooks { get; } = new(invoker);
}
