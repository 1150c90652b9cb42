using Coordi.Core.Billing;
using Coordi.Core.Infrastructure;
using Coordi.Core.Limits;
using Coordi.Core.Security;
using Coordi.MultiTenancy;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// Authenticates the caller, takes a partner key's rate-limit token, checks the RPC's <see cref="AccessAttribute"/>,
/// and resolves the tenant the call acts for. Services stay free of security code: by the time they run, the
/// tenant is set. Every handler kind goes through the same checks, so a streaming method added later cannot
/// slip past them.
/// </summary>
public sealed class CallerAuthorizationInterceptor(
    CallerAuthenticator authenticator,
    PartnerRateLimiter rateLimiter,
    IOptions<BillingOptions> billing,
    ILogger<CallerAuthorizationInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = logger.BeginScope(await AuthorizeAsync(context));
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = logger.BeginScope(await AuthorizeAsync(context));
        await continuation(request, responseStream, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = logger.BeginScope(await AuthorizeAsync(context));
        return await continuation(requestStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = logger.BeginScope(await AuthorizeAsync(context));
        await continuation(requestStream, responseStream, context);
    }

    /// <summary>
    /// Throws unless the caller may call the method; returns the log scope's state naming tenant and caller. The
    /// handler begins the scope itself: a scope begun inside this async method would end with it (AsyncLocal).
    /// </summary>
    private async Task<Dictionary<string, object>> AuthorizeAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        var access = http.GetEndpoint()?.Metadata.GetMetadata<AccessAttribute>()
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "This method is not open to any caller."));
        if (access.Level is AccessLevel.Anyone)
        {
            return [];
        }

        var outcome = await authenticator.AuthenticateAsync(context.RequestHeaders.GetValue("authorization"), context.CancellationToken);
        if (outcome.Principal is null)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, outcome.Error!));
        }

        var user = http.User = outcome.Principal;
        var tenantHeader = context.RequestHeaders.GetValue(TenantMetadata.Header);
        if (user.IsPartner())
        {
            await AdmitPartnerAsync(http, context.CancellationToken);
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
            return new Dictionary<string, object> { ["Caller"] = user.Identity!.Name! };
        }

        var tenant = await ResolveTenantAsync(http, tenantHeader, context.CancellationToken);
        return new Dictionary<string, object>
        {
            ["TenantId"] = tenant.Identifier,
            ["Caller"] = user.Identity!.Name!,
        };
    }

    /// <summary>
    /// Takes a token from the key's bucket before anything else is checked: a request refused for its scope or
    /// its content costs a token like any other, so refusals cannot be sent at an unlimited rate.
    /// </summary>
    private async Task AdmitPartnerAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(http.User.FindFirst(CoordiClaims.KeyId)?.Value, out var keyId)
            || !Guid.TryParse(http.User.FindFirst(CoordiClaims.Tenant)?.Value, out var tenantId))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The API key is not valid."));
        }

        var db = http.RequestServices.GetRequiredService<CoreDbContext>();
        var (acquired, retryAfter) = await rateLimiter.TryAcquireAsync(keyId, tenantId, db, cancellationToken);
        if (!acquired)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            throw RateLimitRefusal.Exhausted($"Rate limit of this API key exceeded; retry after {seconds} s.", retryAfter);
        }
    }

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
