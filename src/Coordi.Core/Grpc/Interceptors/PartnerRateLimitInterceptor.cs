using Coordi.Core.Limits;
using Coordi.Core.Security;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// Caps the event streams a partner key holds open at once. The key's request rate is limited earlier, by
/// <see cref="CallerAuthorizationInterceptor"/> right after authentication, so refused requests count too.
/// </summary>
public sealed class PartnerRateLimitInterceptor(PartnerRateLimiter limiter) : Interceptor
{
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var user = context.GetHttpContext().User;
        if (!user.IsPartner() || !Guid.TryParse(user.FindFirst(CoordiClaims.KeyId)?.Value, out var keyId))
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var slot = limiter.TryOpenStream(keyId)
            ?? throw RateLimitRefusal.Exhausted("This API key already has the most event streams open at once; close one first.", TimeSpan.FromSeconds(5));
        await continuation(request, responseStream, context);
    }
}
