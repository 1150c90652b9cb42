using Coordi.Core.Infrastructure;
using Coordi.Core.Limits;
using Coordi.Core.Security;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>
/// Rate-limits partner keys (internal services are not limited). Runs after authorization, so the key and its
/// organization are known. A refused call is ResourceExhausted with google.rpc.RetryInfo saying when to retry.
/// </summary>
public sealed class PartnerRateLimitInterceptor(PartnerRateLimiter limiter) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AdmitAsync(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (await AdmitAsync(context) is not { } keyId)
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var slot = limiter.TryOpenStream(keyId)
            ?? throw Exhausted("This API key already has the most event streams open at once; close one first.", TimeSpan.FromSeconds(5));
        await continuation(request, responseStream, context);
    }

    /// <summary>Takes a token for a partner key; returns the key's id, or null for internal services.</summary>
    private async Task<Guid?> AdmitAsync(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (!http.User.IsPartner() || !Guid.TryParse(http.User.FindFirst(CoordiClaims.KeyId)?.Value, out var keyId))
        {
            return null;
        }

        var db = http.RequestServices.GetRequiredService<CoreDbContext>();
        var (acquired, retryAfter) = await limiter.TryAcquireAsync(keyId, db, context.CancellationToken);
        if (acquired)
        {
            return keyId;
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        throw Exhausted($"Rate limit of this API key exceeded; retry after {seconds} s.", retryAfter);
    }

    private static RpcException Exhausted(string message, TimeSpan retryAfter)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Code.ResourceExhausted,
            Message = message,
            Details =
            {
                Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(retryAfter) }),
                Any.Pack(new ErrorInfo { Reason = "RATE_LIMITED", Domain = "coordi.v1" }),
            },
        };
        return status.ToRpcException();
    }
}
