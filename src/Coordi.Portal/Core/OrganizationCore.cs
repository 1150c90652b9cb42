using Coordi.Contracts.V1;
using Coordi.Portal.Accounts;
using Grpc.Core;

namespace Coordi.Portal.Core;

/// <summary>
/// Typed core clients acting for the signed-in user's organization. The tenant is read from the user's
/// claim and nowhere else, so no form field or URL can point a request at another organization.
/// </summary>
public sealed class OrganizationCore
{
    private readonly Lazy<CallInvoker> _invoker;
    private Task<Organization>? _organization;
    private Task<BillingOverview?>? _billing;

    public OrganizationCore(CoreChannel channel, IHttpContextAccessor http)
    {
        _invoker = new Lazy<CallInvoker>(() =>
        {
            var user = http.HttpContext?.User ?? throw new InvalidOperationException("No request is being handled.");
            return channel.ForOrganization(user.OrganizationId());
        });
    }

    public OrganizationService.OrganizationServiceClient Organizations => new(_invoker.Value);
    public ProfileService.ProfileServiceClient Profiles => new(_invoker.Value);
    public PhoneNumberService.PhoneNumberServiceClient PhoneNumbers => new(_invoker.Value);
    public CallService.CallServiceClient Calls => new(_invoker.Value);
    public LeadService.LeadServiceClient Leads => new(_invoker.Value);
    public AppointmentService.AppointmentServiceClient Appointments => new(_invoker.Value);
    public IntegrationService.IntegrationServiceClient Integrations => new(_invoker.Value);
    public ApiKeyService.ApiKeyServiceClient ApiKeys => new(_invoker.Value);
    public MetricsService.MetricsServiceClient Metrics => new(_invoker.Value);
    public BillingService.BillingServiceClient Billing => new(_invoker.Value);
    public WebhookService.WebhookServiceClient Webhooks => new(_invoker.Value);

    /// <summary>The organization, fetched once per request (pages need its name and time zone).</summary>
    public Task<Organization> OrganizationAsync(CancellationToken cancellationToken = default) =>
        _organization ??= Organizations.GetOrganizationAsync(new GetOrganizationRequest(), cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>
    /// The billing overview for the layout's banner, fetched once per request; null when the core could not be
    /// asked, because a missing banner must never break a page.
    /// </summary>
    public Task<BillingOverview?> BillingOverviewOrNullAsync(CancellationToken cancellationToken = default) =>
        _billing ??= FetchBillingAsync(cancellationToken);

    private async Task<BillingOverview?> FetchBillingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await Billing.GetBillingOverviewAsync(new GetBillingOverviewRequest(), deadline: DateTime.UtcNow.AddSeconds(3), cancellationToken: cancellationToken);
        }
        catch (RpcException)
        {
            return null;
        }
    }

    /// <summary>Forgets the cached organization after an update.</summary>
    public void Refresh(Organization organization) => _organization = Task.FromResult(organization);
}
