using System.Reflection;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Coordi.Core.Grpc.RequestParsing;

/// <summary>
/// Binds each service's methods as the generated code declares them, but with a request deserializer that answers a
/// message it cannot read (malformed protobuf, invalid UTF-8 in a string) with InvalidArgument and a sentence.
/// grpc-dotnet reads the request before any interceptor runs, so without this a bad message surfaced as UNKNOWN
/// with a stack trace logged at error level; see docs/decisions/016-unreadable-requests.md.
/// </summary>
public sealed class UnreadableRequestMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        if (bind is null)
        {
            return; // not a generated service; nothing here to bind
        }

        var bindMethod = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == bind.BindMethodName && m.GetParameters() is [var binder, _] && binder.ParameterType == typeof(ServiceBinderBase));

        // The generated code only reads the instance to build its own delegates, which this binder ignores.
        bindMethod.Invoke(null, [new Binder(context), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        {
            var target = Handler(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Guarded(method), Metadata(target), target.CreateDelegate<UnaryServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Handler(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Guarded(method), Metadata(target), target.CreateDelegate<ClientStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Handler(method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Guarded(method), Metadata(target), target.CreateDelegate<ServerStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        {
            var target = Handler(method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Guarded(method), Metadata(target), target.CreateDelegate<DuplexStreamingServerMethod<TService, TRequest, TResponse>>());
        }

        private static MethodInfo Handler(string name, params Type[] parameters) =>
            typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
            ?? throw new InvalidOperationException($"{typeof(TService).Name} has no method {name}.");

        /// <summary>The attributes of the service and the method, as the default binding passes them to endpoint routing.</summary>
        private static List<object> Metadata(MethodInfo handler) =>
            [.. typeof(TService).GetCustomAttributes(inherit: true), .. handler.GetCustomAttributes(inherit: true)];

        private static Method<TRequest, TResponse> Guarded<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            var inner = method.RequestMarshaller;
            var marshaller = new Marshaller<TRequest>(inner.ContextualSerializer, context =>
            {
                try
                {
                    return inner.ContextualDeserializer(context);
                }
                catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException)
                {
                    // ArgumentException covers DecoderFallbackException: a string field that is not valid UTF-8.
                    throw new RpcException(new Status(
                        StatusCode.InvalidArgument,
                        $"The request could not be read as a {typeof(TRequest).Name} message: it is not valid protobuf or holds text that is not valid UTF-8."));
                }
            });

            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }
    }
}
