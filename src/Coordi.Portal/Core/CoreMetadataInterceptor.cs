using Coordi.Contracts.Rules;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Coordi.Portal.Core;

/// <summary>Adds the service credential, the tenant and a deadline to every unary call.</summary>
public sealed class CoreMetadataInterceptor(string authorization, string? organizationId, TimeSpan timeout) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        var headers = new Metadata { { "authorization", authorization } };
        if (organizationId is not null)
        {
            headers.Add(TenantMetadata.Header, organizationId);
        }

        // Whatever the page passed is ignored: credentials and tenant are set here only.
        var options = context.Options.WithHeaders(headers).WithDeadline(context.Options.Deadline ?? DateTime.UtcNow + timeout);
        return continuation(request, new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, options));
    }
}
