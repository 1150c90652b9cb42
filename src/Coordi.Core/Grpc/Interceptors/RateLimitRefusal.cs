using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Coordi.Core.Grpc.Interceptors;

/// <summary>A refused call is ResourceExhausted with google.rpc.RetryInfo saying when to retry.</summary>
internal static class RateLimitRefusal
{
    public static RpcException Exhausted(string message, TimeSpan retryAfter)
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
