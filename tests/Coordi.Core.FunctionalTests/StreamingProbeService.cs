using Coordi.Core.Security;
using Coordi.MultiTenancy;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Coordi.Core.FunctionalTests;

/// <summary>
/// A gRPC service with client-streaming and duplex methods, which the contract does not have yet, so the
/// authorization interceptor can be shown to guard those handler kinds too. Each method answers with the
/// organization the call was resolved to. Bound by hand, the way generated code binds a service.
/// </summary>
[BindServiceMethod(typeof(StreamingProbeService), nameof(BindService))]
public class StreamingProbeService(ITenantContextAccessor tenants)
{
    private const string ServiceName = "coordi.test.StreamingProbe";

    private static readonly Marshaller<StringValue> Text = Marshallers.Create(m => m.ToByteArray(), StringValue.Parser.ParseFrom);

    public static readonly Method<StringValue, StringValue> CountWrite = new(MethodType.ClientStreaming, ServiceName, nameof(CountForWriter), Text, Text);
    public static readonly Method<StringValue, StringValue> EchoWrite = new(MethodType.DuplexStreaming, ServiceName, nameof(EchoForWriter), Text, Text);
    public static readonly Method<StringValue, StringValue> CountUnmarked = new(MethodType.ClientStreaming, ServiceName, nameof(CountForNobody), Text, Text);
    public static readonly Method<StringValue, StringValue> EchoUnmarked = new(MethodType.DuplexStreaming, ServiceName, nameof(EchoForNobody), Text, Text);

    public static void BindService(ServiceBinderBase binder, StreamingProbeService? service)
    {
        // ASP.NET Core binds each method to the virtual method of the same name on this type (and reads its
        // attributes, as it does for generated base classes); the handlers passed here are not used.
        binder.AddMethod(CountWrite, (ClientStreamingServerMethod<StringValue, StringValue>)null!);
        binder.AddMethod(EchoWrite, (DuplexStreamingServerMethod<StringValue, StringValue>)null!);
        binder.AddMethod(CountUnmarked, (ClientStreamingServerMethod<StringValue, StringValue>)null!);
        binder.AddMethod(EchoUnmarked, (DuplexStreamingServerMethod<StringValue, StringValue>)null!);
    }

    [Access(AccessLevel.TenantWrite)]
    public virtual Task<StringValue> CountForWriter(IAsyncStreamReader<StringValue> requests, ServerCallContext context) => CountAsync(requests, context);

    [Access(AccessLevel.TenantWrite)]
    public virtual Task EchoForWriter(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context) =>
        EchoAsync(requests, responses, context);

    public virtual Task<StringValue> CountForNobody(IAsyncStreamReader<StringValue> requests, ServerCallContext context) => CountAsync(requests, context);

    public virtual Task EchoForNobody(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context) =>
        EchoAsync(requests, responses, context);

    private async Task<StringValue> CountAsync(IAsyncStreamReader<StringValue> requests, ServerCallContext context)
    {
        var count = 0;
        await foreach (var _ in requests.ReadAllAsync(context.CancellationToken))
        {
            count++;
        }

        return new StringValue { Value = $"{Tenant()}:{count}" };
    }

    private async Task EchoAsync(IAsyncStreamReader<StringValue> requests, IServerStreamWriter<StringValue> responses, ServerCallContext context)
    {
        await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
        {
            await responses.WriteAsync(new StringValue { Value = $"{Tenant()}:{request.Value}" }, context.CancellationToken);
        }
    }

    private string Tenant() => tenants.Tenant?.Identifier ?? "none";
}
