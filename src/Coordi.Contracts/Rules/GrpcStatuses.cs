using Grpc.Core;

namespace Coordi.Contracts.Rules;

/// <summary>How a caller of the core should treat a failed call, by its status.</summary>
public static class GrpcStatuses
{
    /// <summary>
    /// The core is down, overloaded, slow or going away: the same request will succeed later, so retrying it
    /// without limit is right. Internal and Unknown are not here: they as often mean "this request breaks the
    /// server" as "the server is broken", and retrying such a request forever would never end.
    /// </summary>
    public static bool IsTransient(StatusCode status) => status is StatusCode.Unavailable or StatusCode.DeadlineExceeded
        or StatusCode.ResourceExhausted or StatusCode.Aborted or StatusCode.Cancelled;

    public static bool IsTransient(RpcException ex) => IsTransient(ex.StatusCode);

    /// <summary>
    /// The server failed on this request (a bug, a value it cannot store). Worth a few more tries, since some
    /// are passing faults; not worth retrying forever.
    /// </summary>
    public static bool IsServerFault(StatusCode status) => status is StatusCode.Internal or StatusCode.Unknown or StatusCode.DataLoss;

    /// <summary>The core looked at the request and said no: sending it again gives the same answer.</summary>
    public static bool IsRefusal(StatusCode status) => status is StatusCode.InvalidArgument or StatusCode.NotFound
        or StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.OutOfRange or StatusCode.AlreadyExists
        or StatusCode.Unimplemented;
}
