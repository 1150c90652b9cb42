using Google.Protobuf;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests.Fuzz;

/// <summary>One RPC's valid request, as <see cref="EveryRpc"/> builds it, ready to be spoiled.</summary>
public sealed record CapturedRequest(string FullMethod, MethodType Type, IMessage Request);

/// <summary>
/// A call invoker that sends nothing: it records the request each <see cref="EveryRpc"/> case builds, so the fuzz
/// suite starts from requests that pass every other check and only the spoiled field is wrong.
/// </summary>
public sealed class RequestCapture : CallInvoker
{
    private static readonly RpcException NotSent = new(new Status(StatusCode.Cancelled, "Captured, not sent."));

    public CapturedRequest? Last { get; private set; }

    public static async Task<CapturedRequest> OfAsync(RpcCase rpc, SeededTenant target)
    {
        var capture = new RequestCapture();
        try
        {
            await rpc.Invoke(new TenantClients(target.Clients.Organization, capture), target);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
        {
        }

        return capture.Last ?? throw new InvalidOperationException($"{rpc.Name} sent no request.");
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw Record(method, request);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(method, request);
        return new AsyncUnaryCall<TResponse>(Task.FromException<TResponse>(NotSent), Task.FromResult(new Metadata()), () => NotSent.Status, () => [], () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        Record(method, request);
        return new AsyncServerStreamingCall<TResponse>(new NothingStream<TResponse>(), Task.FromResult(new Metadata()), () => NotSent.Status, () => [], () => { });
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("The contract has no client-streaming RPC to capture.");

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException("The contract has no duplex RPC to capture.");

    private RpcException Record<TRequest, TResponse>(Method<TRequest, TResponse> method, TRequest request)
    {
        Last = new CapturedRequest(method.FullName, method.Type, (IMessage)request!);
        return NotSent;
    }

    private sealed class NothingStream<T> : IAsyncStreamReader<T>
    {
        public T Current => throw NotSent;

        public Task<bool> MoveNext(CancellationToken cancellationToken) => Task.FromException<bool>(NotSent);
    }
}
