using Coordi.Core.Billing;
using Coordi.Core.Security;
using Coordi.MultiTenancy;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// Authenticates the caller, checks the RPC's <see cref="AccessAttribute"/>, and resolves the tenant the
/// call acts for. Services stay free of security code: by the time they run, the tenant is set.
/// </summary>
public sealed class CallerAuthorizationInterceptor(
    CallerAuthenticator authenticator,
    IOptions<BillingOptions> billing,
    ILogger<CallerAuthorizationInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var http = context.GetHttpContext();
        var access = http.GetEndpoint()?.Metadata.GetMetadata<AccessAttribute>()
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "This method is not open to any caller."));

        var outcome = await authenticator.AuthenticateAsync(context.RequestHeaders.GetValue("authorization"), context.CancellationToken);
        if (outcome.Principal is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, outcome.Error!));
        }

        var user = http.User = outcome.Principal;
        var tenantHeader = context.RequestHeaders.GetValue(TenantMetadata.Header);
        if (user.IsPartner())
        {
            if (tenantHeader is not null)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied,
                    $"A partner key acts for its own organization only; remove the '{TenantMetadata.Header}' metadata."));
            }

            if (access.Level is AccessLevel.ServiceTenant or AccessLevel.ServicePlatform or AccessLevel.CallRecorder)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "This method is not available to partner keys."));
            }

            if (access.Level is AccessLevel.TenantWrite && user.PartnerScope() != Model.ApiKeyScope.ReadWrite)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied, "This API key is read-only; the method needs a read-write key."));
            }
        }

        if (access.Level is AccessLevel.CallRecorder && !billing.Value.CallRecordingServices.Contains(user.Identity?.Name ?? ""))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "This method is open only to the services that take calls."));
        }

        if (access.Level is AccessLevel.ServicePlatform)
        {
            using var platformScope = logger.BeginScope(new Dictionary<string, object> { ["Caller"] = user.Identity!.Name! });
            return await continuation(request, context);
        }

        var tenant = await ResolveTenantAsync(http, tenantHeader, context.CancellationToken);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["TenantId"] = tenant.Identifier,
            ["Caller"] = user.Identity!.Name!,
        });
        return await continuation(request, context);
    }

    /// <summary>Streams pass through the same checks as unary calls, before the first message is sent.</summary>
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        UnaryServerHandler<TRequest, StreamCompleted>(request, context, async (r, c) =>
        {
            await continuation(r, responseStream, c);
            return StreamCompleted.Instance;
        });

    private static async Task<TenantInfo> ResolveTenantAsync(HttpContext http, string? tenantHeader, CancellationToken cancellationToken)
    {
        var services = http.RequestServices;
        var resolution = await services.GetRequiredService<TenantResolver>().ResolveAsync(http, cancellationToken);
        if (resolution.Tenant is null)
        {
            // An unknown organization id and another tenant's are indistinguishable to the caller.
            throw new RpcException(resolution.Identifier is null && tenantHeader is null
                ? new Status(StatusCode.InvalidArgument, $"This method acts for an organization: send its id as '{TenantMetadata.Header}' metadata.")
                : new Status(StatusCode.NotFound, "The organization was not found."));
        }

        services.GetRequiredService<ITenantContextAccessor>().SetTenant(resolution.Tenant);
        return resolution.Tenant;
    }
}
