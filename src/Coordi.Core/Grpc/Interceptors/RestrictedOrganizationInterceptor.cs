using Coordi.Core.Application.Errors;
using Coordi.Core.Billing;
using Coordi.Core.Infrastructure;
using Coordi.Core.Security;
using Coordi.MultiTenancy;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// Makes a restricted or canceled organization read-only: its writes, from partner keys and from the portal,
/// are refused with FAILED_PRECONDITION, while reads keep working so owners still see their leads. Runs after
/// authorization, when the tenant is known. Exempt: billing RPCs (so the owner can pay), revoking an API
/// key (cutting off access must always be possible), and the services that record calls (a restricted
/// organization's callers still reach voicemail).
/// </summary>
public sealed class RestrictedOrganizationInterceptor(IOptions<BillingOptions> options, TimeProvider clock) : Interceptor
{
    public const string Reason = "ORGANIZATION_RESTRICTED";

    // Method names follow the contract's verbs: these never change state.
    private static readonly string[] ReadVerbs = ["Get", "List", "Search", "Preview", "Stream"];
    private static readonly HashSet<string> AlwaysAllowed = ["RevokeApiKey"];

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        if (IsRestrictable(http, context.Method)
            && http.RequestServices.GetRequiredService<ITenantContextAccessor>().Tenant is not null)
        {
            var db = http.RequestServices.GetRequiredService<CoreDbContext>();
            var account = await db.BillingAccounts.AsNoTracking().SingleOrDefaultAsync(context.CancellationToken);
            if (account is not null && BillingMath.IsReadOnly(BillingMath.StatusAt(account, clock.GetUtcNow().UtcDateTime)))
            {
                throw new FailedPreconditionException(Reason, account.State == Model.BillingState.Canceled
                    ? "The organization's subscription has ended, so it is read-only. Choose a plan on the Billing page to make changes again."
                    : "The organization is restricted for an overdue payment, so it is read-only. Update the payment method on the Billing page to make changes again.");
            }
        }

        return await continuation(request, context);
    }

    private bool IsRestrictable(HttpContext http, string method)
    {
        var metadata = http.GetEndpoint()?.Metadata;
        if (metadata?.GetMetadata<AccessAttribute>() is not { Level: AccessLevel.TenantWrite or AccessLevel.ServiceTenant }
            || metadata.GetMetadata<AllowedWhenRestrictedAttribute>() is not null)
        {
            return false;
        }

        var name = method[(method.LastIndexOf('/') + 1)..];
        if (AlwaysAllowed.Contains(name) || ReadVerbs.Any(v => name.StartsWith(v, StringComparison.Ordinal)))
        {
            return false;
        }

        return !(http.User.IsService() && options.Value.CallRecordingServices.Contains(http.User.Identity?.Name ?? ""));
    }
}
