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

    /// <summary>The organization, fetched once per request (pages need its name and time zone).</summary>
    public Task<Organization> OrganizationAsync(CancellationToken cancellationToken = default) =>
        _organization ??= Organizations.GetOrganizationAsync(new GetOrganizationRequest(), cancellationToken: cancellationToken).ResponseAsync;

    /// <summary>Forgets the cached organization after an update.</summary>
    public void Refresh(Organization organization) => _organization = Task.FromResult(organization);
}
